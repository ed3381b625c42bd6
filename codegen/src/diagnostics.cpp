// The message table (from the .def files) and the printer.
#include "diagnostics.hpp"

#include <array>

namespace ucom::idl {
namespace {

struct diag_info {
    std::string_view name;
    idl::severity severity;
    std::string_view format;
};

constexpr std::array diag_table = {
#define DIAG(id, sev, text) diag_info{#id, severity::sev, text},
#include "diagnostics_lex.def"
#include "diagnostics_preprocess.def"
#include "diagnostics_parse.def"
#include "diagnostics_resolve.def"
#include "diagnostics_driver.def"
#undef DIAG
};

const diag_info &info(diag id) { return diag_table.at(static_cast<std::size_t>(id)); }

std::string_view severity_name(severity s)
{
    switch (s) {
    case severity::note:
        return "note";
    case severity::warning:
        return "warning";
    case severity::error:
        return "error";
    }
    return "error";
}

void append_include_chain(std::string &out, source_location from, const source_manager &sources)
{
    while (from.valid()) {
        auto where = sources.presume(from);
        fmt::format_to(std::back_inserter(out), "In file included from {}:{}:\n", where.path, where.line);
        from = sources.included_from(from.file);
    }
}

} // namespace

severity diagnostics::severity_of(diag id) { return info(id).severity; }
std::string_view diagnostics::format_of(diag id) { return info(id).format; }
std::string_view diagnostics::name_of(diag id) { return info(id).name; }

void diagnostics::report_formatted(source_location location, diag id, std::string message)
{
    auto sev = severity_of(id);
    if (sev == severity::error) {
        if (errors_ >= error_limit) {
            if (!limit_reported_) {
                limit_reported_ = true;
                list_.push_back({diag::fatal_too_many_errors, severity::error, {},
                                 fmt::format(fmt::runtime(format_of(diag::fatal_too_many_errors)), error_limit)});
            }
            return;
        }
        ++errors_;
    } else if (sev == severity::warning) {
        ++warnings_;
    }
    list_.push_back({id, sev, location, std::move(message)});
}

std::string diagnostics::render(const diagnostic &d, const source_manager &sources) const
{
    std::string out;
    auto it = std::back_inserter(out);
    if (!d.location.valid()) {
        fmt::format_to(it, "ucom-idl: {}: {}\n", severity_name(d.severity), d.message);
        return out;
    }
    if (d.severity != severity::note) {
        append_include_chain(out, sources.included_from(d.location.file), sources);
    }
    auto where = sources.presume(d.location);
    fmt::format_to(it, "{}:{}:{}: {}: {}\n", where.path, where.line, where.column, severity_name(d.severity),
                   d.message);
    fmt::format_to(it, "{}\n", where.line_text);
    // The caret keeps the source line's tabs so that it lines up in any terminal.
    for (std::size_t i = 0; i + 1 < where.column && i < where.line_text.size(); ++i) {
        out += where.line_text[i] == '\t' ? '\t' : ' ';
    }
    out += "^\n";
    return out;
}

void diagnostics::print(std::FILE *out, const source_manager &sources) const
{
    for (const auto &d : list_) {
        fmt::print(out, "{}", render(d, sources));
    }
    if (errors_ != 0) {
        fmt::print(out, "{} error{} generated.\n", errors_, errors_ == 1 ? "" : "s");
    }
}

} // namespace ucom::idl
