// One diagnostics engine for every stage: stages report by id from the message tables
// (diagnostics_*.def), the engine collects, and the driver prints them as
// `file:line:col: error: message`, the source line and a caret.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "source_manager.hpp"

namespace ucom::idl {

enum class severity : std::uint8_t { note, warning, error };

enum class diag : std::uint16_t {
#define DIAG(id, sev, text) id,
#include "diagnostics_driver.def"
#include "diagnostics_lex.def"
#include "diagnostics_parse.def"
#include "diagnostics_preprocess.def"
#include "diagnostics_resolve.def"
#undef DIAG
};

struct diagnostic {
    diag id;
    idl::severity severity;
    source_location location;
    std::string message;
};

class diagnostics {
public:
    // Stop collecting errors after this many; stages check `should_stop()` to give up early.
    static constexpr std::size_t error_limit = 20;

    template <class... Args>
    void report(source_location location, diag id, const Args &...args)
    {
        report_formatted(location, id, fmt::vformat(format_of(id), fmt::make_format_args(args...)));
    }

    // A diagnostic collected by another engine (held back, then found to apply).
    void report_again(const diagnostic &d) { report_formatted(d.location, d.id, d.message); }

    [[nodiscard]] std::size_t error_count() const { return errors_; }
    [[nodiscard]] std::size_t warning_count() const { return warnings_; }
    [[nodiscard]] bool has_errors() const { return errors_ != 0; }
    [[nodiscard]] bool should_stop() const { return errors_ >= error_limit; }
    [[nodiscard]] const std::vector<diagnostic> &all() const { return list_; }

    // Prints every diagnostic in report order, with "In file included from" lines, the source
    // line and a caret; then, if there were errors, "N error(s) generated."
    void print(std::FILE *out, const source_manager &sources) const;
    // The diagnostics in the order print() writes them: by place in the source.
    [[nodiscard]] std::vector<const diagnostic *> in_source_order(const source_manager &sources) const;
    // One diagnostic as print() writes it (used by tests).
    [[nodiscard]] std::string render(const diagnostic &d, const source_manager &sources) const;

    [[nodiscard]] static idl::severity severity_of(diag id);
    [[nodiscard]] static std::string_view format_of(diag id);
    [[nodiscard]] static std::string_view name_of(diag id);

private:
    void report_formatted(source_location location, diag id, std::string message);

    std::vector<diagnostic> list_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
    bool limit_reported_ = false;
};

// Reports why `path` could not be read (source_manager::load's failure) at `location`.
void report_read_failure(diagnostics &diags, source_location location, const std::string &path,
                         const read_failure &failure);

} // namespace ucom::idl
