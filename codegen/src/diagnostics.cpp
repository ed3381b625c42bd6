// The message table (from the .def files) and the printer.
#include "diagnostics.hpp"

#include <algorithm>
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
#include "diagnostics_driver.def"
#include "diagnostics_lex.def"
#include "diagnostics_parse.def"
#include "diagnostics_preprocess.def"
#include "diagnostics_resolve.def"
#undef DIAG
};

const diag_info &info(diag id)
{
    return diag_table.at(static_cast<std::size_t>(id));
}

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

// gcc's form, nearest first: "In file included from b.h:2,\n                 from a.idl:6:".
// An import says "imported from" instead.
void append_include_chain(std::string &out, file_id file, const source_manager &sources)
{
    bool first = true;
    for (auto from = sources.included_from(file); from.valid(); from = sources.included_from(file)) {
        bool imported = sources.how_included(file) == inclusion::import;
        auto where = sources.presume(from);
        if (!first) {
            out += ",\n";
        }
        fmt::format_to(std::back_inserter(out), "{}{} {}:{}", first ? "In file " : "                 ",
                       imported ? "imported from" : (first ? "included from" : "from"), where.path, where.line);
        first = false;
        file = from.file;
    }
    if (!first) {
        out += ":\n";
    }
}

// Spaces up to the caret: tabs kept so it lines up in any terminal, one space per UTF-8
// character (not per byte).
std::string caret_padding(std::string_view line, std::uint32_t column)
{
    std::string padding;
    for (std::size_t i = 0; i + 1 < column && i < line.size(); ++i) {
        auto byte = static_cast<unsigned char>(line[i]);
        if ((byte & 0xC0U) == 0x80U) {
            continue; // a UTF-8 continuation byte: same character as the one before
        }
        padding += line[i] == '\t' ? '\t' : ' ';
    }
    return padding;
}

// Where a location is, as offsets from the main file down the include chain: a diagnostic
// in an included file sorts at its #include line.
std::vector<std::uint32_t> source_order_key(source_location location, const source_manager &sources)
{
    std::vector<std::uint32_t> key;
    for (auto at = location; at.valid(); at = sources.included_from(at.file)) {
        key.insert(key.begin(), at.offset);
    }
    return key;
}

} // namespace

// The stages run one after another over the whole file, so they report in stage order;
// people read diagnostics in source order. A note stays after the diagnostic it belongs
// to; diagnostics without a location (the driver's) come first, the error-limit one last.
std::vector<const diagnostic *> diagnostics::in_source_order(const source_manager &sources) const
{
    struct group {
        std::vector<std::uint32_t> key;
        int rank; // 0: no location, 1: located, 2: the error limit
        std::vector<const diagnostic *> members;
    };
    std::vector<group> groups;
    for (const auto &d : list_) {
        if (d.severity == severity::note && !groups.empty()) {
            groups.back().members.push_back(&d);
            continue;
        }
        int rank = d.id == diag::fatal_too_many_errors ? 2 : (d.location.valid() ? 1 : 0);
        groups.push_back({source_order_key(d.location, sources), rank, {&d}});
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const group &a, const group &b) { return a.rank != b.rank ? a.rank < b.rank : a.key < b.key; });
    std::vector<const diagnostic *> ordered;
    for (const auto &g : groups) {
        ordered.insert(ordered.end(), g.members.begin(), g.members.end());
    }
    return ordered;
}

severity diagnostics::severity_of(diag id)
{
    return info(id).severity;
}
std::string_view diagnostics::format_of(diag id)
{
    return info(id).format;
}
std::string_view diagnostics::name_of(diag id)
{
    return info(id).name;
}

void diagnostics::report_formatted(source_location location, diag id, std::string message)
{
    auto sev = severity_of(id);
    if (sev == severity::error) {
        if (errors_ >= error_limit) {
            if (!limit_reported_) {
                limit_reported_ = true;
                list_.push_back({diag::fatal_too_many_errors,
                                 severity::error,
                                 {},
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
        append_include_chain(out, d.location.file, sources);
    }
    auto where = sources.presume(d.location);
    fmt::format_to(it, "{}:{}:{}: {}: {}\n", where.path, where.line, where.column, severity_name(d.severity),
                   d.message);
    fmt::format_to(it, "{}\n", where.line_text);
    out += caret_padding(where.line_text, where.column);
    out += "^\n";
    return out;
}

void diagnostics::print(std::FILE *out, const source_manager &sources) const
{
    for (const auto *d : in_source_order(sources)) {
        fmt::print(out, "{}", render(*d, sources));
    }
    if (errors_ != 0) {
        fmt::print(out, "{} error{} generated.\n", errors_, errors_ == 1 ? "" : "s");
    }
}

void report_read_failure(diagnostics &diags, source_location location, const std::string &path,
                         const read_failure &failure)
{
    switch (failure.kind) {
    case read_failure::kind::system:
        diags.report(location, diag::err_cannot_read_file, path, failure.detail);
        break;
    case read_failure::kind::not_regular:
        diags.report(location, diag::err_not_regular_file, path, failure.detail);
        break;
    case read_failure::kind::too_large:
        diags.report(location, diag::err_file_too_large, path, failure.size, failure.limit);
        break;
    }
}

} // namespace ucom::idl
