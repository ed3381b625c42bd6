// The registry's TOML text. toml++ parses and prints; this file maps its nodes onto the
// model and checks every entry against the registry's rules (validation.hpp), so that a bad
// file is refused whole with a location.
#include <ucom/registry/toml_file.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "nesting_scan.hpp"
#include "validation.hpp"

namespace ucom::registry {

namespace {

// The error type of this file: thrown from deep in the checks, caught once in
// parse_registry and turned into a ucom::error. Parsing is not a hot path.
struct invalid_entry {
    toml::source_position where;
    std::string message;
};

[[noreturn]] void fail(const toml::source_region &region, std::string message)
{
    throw invalid_entry{region.begin, std::move(message)};
}

// Reads one [[section]] entry: typed getters that check the key exists and has the right
// type, and a final check that the entry has no key the format does not know.
class entry_reader {
public:
    entry_reader(const toml::table &table, std::string what) : table_(table), what_(std::move(what)) {}

    const std::string &what() const { return what_; }
    void rename(std::string what) { what_ = std::move(what); }

    std::string string(std::string_view key, bool required)
    {
        const toml::node *node = take(key, required);
        if (node == nullptr) {
            return {};
        }
        const auto *value = node->as_string();
        if (value == nullptr) {
            fail(node->source(), fmt::format("{}: '{}' must be a string", what_, key));
        }
        return value->get();
    }

    guid guid_value(std::string_view key)
    {
        const toml::node *node = take(key, true);
        return parse_guid(*node, key);
    }

    // Required, or 0 when an optional one is absent.
    std::uint64_t fingerprint(std::string_view key, bool required = true)
    {
        const toml::node *node = take(key, required);
        if (node == nullptr) {
            return 0;
        }
        const auto *value = node->as_string();
        std::uint64_t result = 0;
        if (value != nullptr) {
            const std::string &text = value->get();
            if (text.size() == 18 && text.starts_with("0x")) {
                const auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), result, 16);
                if (ec == std::errc{} && end == text.data() + text.size()) {
                    return result;
                }
            }
        }
        fail(node->source(), fmt::format("{}: '{}' must be a string of the form \"0x\" and 16 hex digits", what_, key));
    }

    const toml::array *array(std::string_view key)
    {
        const toml::node *node = take(key, false);
        if (node == nullptr) {
            return nullptr;
        }
        const auto *value = node->as_array();
        if (value == nullptr) {
            fail(node->source(), fmt::format("{}: '{}' must be an array", what_, key));
        }
        return value;
    }

    guid parse_guid(const toml::node &node, std::string_view key) const
    {
        const auto *value = node.as_string();
        if (value == nullptr) {
            fail(node.source(), fmt::format("{}: '{}' must be a GUID string", what_, key));
        }
        auto parsed = guid::parse(value->get());
        if (!parsed) {
            fail(node.source(), fmt::format("{}: {}", what_, parsed.error().message()));
        }
        return *parsed;
    }

    // Every key must have been read: an unknown one is a typo or a newer format.
    void finish() const
    {
        for (const auto &[key, node] : table_) {
            if (std::find(read_.begin(), read_.end(), key.str()) == read_.end()) {
                fail(key.source(), fmt::format("{}: unknown key '{}'", what_, key.str()));
            }
        }
    }

    const toml::table &table() const { return table_; }

private:
    const toml::node *take(std::string_view key, bool required)
    {
        read_.emplace_back(key);
        const toml::node *node = table_.get(key);
        if (node == nullptr && required) {
            fail(table_.source(), fmt::format("{}: missing key '{}'", what_, key));
        }
        return node;
    }

    const toml::table &table_;
    std::string what_;
    std::vector<std::string> read_;
};

// Calls visit(entry_reader&) for each table of the array of tables `key`.
template <class Visit>
void for_each_entry(const toml::table &root, std::string_view key, std::string_view what, Visit visit)
{
    const toml::node *node = root.get(key);
    if (node == nullptr) {
        return;
    }
    const toml::array *entries = node->as_array();
    if (entries == nullptr || !entries->is_array_of_tables()) {
        fail(node->source(), fmt::format("'{}' must be an array of tables ([[{}]])", key, key));
    }
    for (const toml::node &entry : *entries) {
        entry_reader reader(*entry.as_table(), std::string(what));
        visit(reader);
        reader.finish();
    }
}

module_record read_module(entry_reader &reader)
{
    module_record module;
    module.path = reader.string("path", true);
    reader.rename(fmt::format("module '{}'", module.path));
    const std::string abi = reader.string("abi", true);
    unsigned major = 0;
    unsigned minor = 0;
    const auto dot = abi.find('.');
    const auto major_end = std::from_chars(abi.data(), abi.data() + std::min(dot, abi.size()), major);
    const bool well_formed = dot != std::string::npos && major_end.ec == std::errc{} &&
                             major_end.ptr == abi.data() + dot && major <= 0xFFFF &&
                             [&] {
                                 const auto minor_end = std::from_chars(abi.data() + dot + 1, abi.data() + abi.size(), minor);
                                 return minor_end.ec == std::errc{} && minor_end.ptr == abi.data() + abi.size();
                             }() &&
                             dot + 1 < abi.size() && minor <= 0xFFFF;
    if (!well_formed) {
        fail(reader.table().get("abi")->source(),
             fmt::format("{}: 'abi' must be \"MAJOR.MINOR\", not \"{}\"", reader.what(), abi));
    }
    module.abi_major = static_cast<std::uint16_t>(major);
    module.abi_minor = static_cast<std::uint16_t>(minor);
    if (const toml::array *interfaces = reader.array("interfaces")) {
        for (const toml::node &node : *interfaces) {
            const toml::table *table = node.as_table();
            if (table == nullptr) {
                fail(node.source(), fmt::format("{}: each of 'interfaces' must be a table {{ iid = …, fingerprint = … }}",
                                                reader.what()));
            }
            entry_reader entry(*table, reader.what() + " interface");
            module_interface implemented;
            implemented.iid = entry.guid_value("iid");
            implemented.fingerprint = entry.fingerprint("fingerprint");
            implemented.contract = entry.fingerprint("contract", false);
            entry.finish();
            module.interfaces.push_back(implemented);
        }
    }
    return module;
}

class_record read_class(entry_reader &reader)
{
    class_record record;
    record.clsid = reader.guid_value("clsid");
    record.progid = reader.string("progid", false);
    reader.rename(fmt::format("class {}{}", record.clsid.to_string(),
                              record.progid.empty() ? std::string() : " (" + record.progid + ")"));
    record.vi_progid = reader.string("vi_progid", false);
    record.name = reader.string("name", false);
    record.description = reader.string("description", false);
    record.module = reader.string("module", true);
    record.threading = reader.string("threading", false);
    if (record.threading.empty()) {
        record.threading = "unspecified";
    }
    if (const toml::array *interfaces = reader.array("interfaces")) {
        for (const toml::node &node : *interfaces) {
            record.interfaces.push_back(reader.parse_guid(node, "interfaces"));
        }
    }
    return record;
}

interface_record read_interface(entry_reader &reader)
{
    interface_record record;
    record.iid = reader.guid_value("iid");
    record.name = reader.string("name", true);
    reader.rename(fmt::format("interface {} ({})", record.name, record.iid.to_string()));
    record.fingerprint = reader.fingerprint("fingerprint");
    record.contract = reader.fingerprint("contract", false);
    record.description = reader.string("description", false);
    return record;
}

// Where a broken rule is in the text: at the key when it names one, else at the entry.
toml::source_region entry_source(const toml::table &root, const entry_location &where)
{
    const toml::node &entry = *root.get(where.section)->as_array()->get(where.index);
    if (!where.key.empty()) {
        if (const toml::node *value = entry.as_table()->get(where.key)) {
            return value->source();
        }
    }
    return entry.source();
}

registry_file read_root(const toml::table &root)
{
    registry_file file;
    for (const auto &[key, node] : root) {
        if (key != "format" && key != "module" && key != "class" && key != "interface") {
            fail(key.source(), fmt::format("unknown key '{}' (a registry holds format, [[module]], [[class]] and "
                                           "[[interface]])",
                                           key.str()));
        }
    }
    for_each_entry(root, "module", "module", [&](entry_reader &r) { file.modules.push_back(read_module(r)); });
    for_each_entry(root, "class", "class", [&](entry_reader &r) { file.classes.push_back(read_class(r)); });
    for_each_entry(root, "interface", "interface",
                   [&](entry_reader &r) { file.interfaces.push_back(read_interface(r)); });
    // The rules registration keeps too (validation.hpp), with this file's lines and columns.
    if (const auto broken = check_registry(file)) {
        fail(entry_source(root, broken->where), broken->message);
    }
    return file;
}

// Where the string that toml++ stopped in began, when it has no closing quote: toml++ names
// the line end or the end of the file it met instead ("control characters … are prohibited"),
// which sends a reader to the wrong place. A scan of the text to the error's line end, aware of the
// four kinds of TOML strings and of comments; nullopt when the error is not in an open string.
struct open_string {
    toml::source_position start;
    bool multiline;
};
std::optional<open_string> unterminated_string(std::string_view text, std::size_t error_offset)
{
    enum class open : std::uint8_t { none, basic, literal, multiline_basic, multiline_literal };
    constexpr std::string_view triple_basic = R"(""")";
    constexpr std::string_view triple_literal = "'''";
    open state = open::none;
    std::size_t start = 0;
    const auto at = [&](std::size_t i, std::string_view quote) { return text.substr(i, quote.size()) == quote; };
    // To the end of the error's line: a string that closes after the error (a bad escape) is
    // not an open one.
    const std::size_t line_end = text.find('\n', std::min(error_offset, text.size()));
    const std::size_t end = line_end == std::string_view::npos ? text.size() : line_end + 1;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = text[i];
        switch (state) {
        case open::none:
            if (c == '#') {
                while (i < end && text[i] != '\n') {
                    ++i;
                }
            } else if (at(i, triple_basic) || at(i, triple_literal)) {
                state = c == '"' ? open::multiline_basic : open::multiline_literal;
                start = i;
                i += 2;
            } else if (c == '"' || c == '\'') {
                state = c == '"' ? open::basic : open::literal;
                start = i;
            }
            break;
        case open::basic:
        case open::literal:
            if (c == '\n') {
                i = end; // the line ended inside the string: this is the one
                continue;
            }
            if (state == open::basic && c == '\\') {
                ++i;
            } else if (c == (state == open::basic ? '"' : '\'')) {
                state = open::none;
            }
            break;
        case open::multiline_basic:
        case open::multiline_literal:
            if (state == open::multiline_basic && c == '\\') {
                ++i;
            } else if (at(i, state == open::multiline_basic ? triple_basic : triple_literal)) {
                state = open::none;
                i += 2;
            }
            break;
        }
    }
    if (state == open::none) {
        return std::nullopt;
    }
    const std::string_view before = text.substr(0, start);
    const auto line = static_cast<toml::source_index>(std::count(before.begin(), before.end(), '\n') + 1);
    const std::size_t line_start = before.rfind('\n') + 1; // npos + 1 is 0: the first line
    return open_string{{line, static_cast<toml::source_index>(start - line_start + 1)},
                       state == open::multiline_basic || state == open::multiline_literal};
}

// The offset in `text` of a 1-based line and column.
std::size_t offset_of(std::string_view text, const toml::source_position &where)
{
    std::size_t offset = 0;
    for (toml::source_index line = 1; line < where.line && offset < text.size(); ++offset) {
        line += text[offset] == '\n' ? 1U : 0U;
    }
    return std::min(offset + (where.column > 0 ? where.column - 1 : 0), text.size());
}

} // namespace

result<registry_file> parse_registry(std::string_view text, const std::string &source)
{
    const auto located = [&](const toml::source_position &where, const std::string &message) {
        return tl::make_unexpected(error(REGDB_E_INVALIDVALUE,
                                         fmt::format("{}:{}:{}: {}", source, where.line, where.column, message), source));
    };
    if (const auto excess = find_excess_nesting(text, max_nesting)) {
        const std::string_view before = text.substr(0, excess->offset);
        const std::size_t line_start = before.rfind('\n') + 1; // npos + 1 is 0: the first line
        const auto line = static_cast<toml::source_index>(std::count(before.begin(), before.end(), '\n') + 1);
        const auto column = static_cast<toml::source_index>(excess->offset - line_start + 1);
        return located({line, column}, fmt::format("the keys, tables and arrays here nest {} deep, more than the "
                                                   "limit of {} (max_nesting)",
                                                   excess->depth, max_nesting));
    }
    try {
        const toml::table root = toml::parse(text, source);
        if (const toml::node *format = root.get("format")) {
            const auto *number = format->as_integer();
            if (number == nullptr || number->get() != format_version) {
                return located(format->source().begin,
                               fmt::format("this registry has format {}; this ucom reads format {}",
                                           number != nullptr ? std::to_string(number->get()) : "(not a number)",
                                           format_version));
            }
        }
        return read_root(root);
    } catch (const toml::parse_error &e) {
        if (e.description().find("string") != std::string_view::npos) {
            if (const auto open = unterminated_string(text, offset_of(text, e.source().begin))) {
                return located(open->start,
                               open->multiline
                                   ? "this multi-line string has no closing quotes before the end of the file"
                                   : R"(this string has no closing quote (a string ends on the line it starts, unless it is a multi-line one: """…""" or '''…'''))");
            }
        }
        return located(e.source().begin, std::string(e.description()));
    } catch (const invalid_entry &e) {
        return located(e.where, e.message);
    }
}

std::string serialize_registry(const registry_file &file)
{
    registry_file sorted = file;
    std::sort(sorted.modules.begin(), sorted.modules.end(),
              [](const module_record &a, const module_record &b) { return a.path < b.path; });
    std::sort(sorted.classes.begin(), sorted.classes.end(), [](const class_record &a, const class_record &b) {
        return std::tie(a.progid, a.clsid) < std::tie(b.progid, b.clsid);
    });
    std::sort(sorted.interfaces.begin(), sorted.interfaces.end(),
              [](const interface_record &a, const interface_record &b) {
                  return std::tie(a.name, a.iid) < std::tie(b.name, b.iid);
              });

    const auto put_if = [](toml::table &table, std::string_view key, const std::string &value) {
        if (!value.empty()) {
            table.insert(key, value);
        }
    };
    const auto put_contract = [](toml::table &table, std::uint64_t contract) {
        if (contract != 0) {
            table.insert("contract", fingerprint_text(contract));
        }
    };
    toml::table root;
    root.insert("format", format_version);
    toml::array modules;
    for (const module_record &m : sorted.modules) {
        toml::table entry{{"path", m.path}, {"abi", fmt::format("{}.{}", m.abi_major, m.abi_minor)}};
        toml::array interfaces;
        for (const module_interface &i : m.interfaces) {
            toml::table implemented{{"iid", i.iid.to_string()}, {"fingerprint", fingerprint_text(i.fingerprint)}};
            put_contract(implemented, i.contract);
            interfaces.push_back(std::move(implemented));
        }
        entry.insert("interfaces", std::move(interfaces));
        modules.push_back(std::move(entry));
    }
    toml::array classes;
    for (const class_record &c : sorted.classes) {
        toml::table entry{{"clsid", c.clsid.to_string()}, {"module", c.module}, {"threading", c.threading}};
        put_if(entry, "progid", c.progid);
        put_if(entry, "vi_progid", c.vi_progid);
        put_if(entry, "name", c.name);
        put_if(entry, "description", c.description);
        toml::array interfaces;
        for (const guid &iid : c.interfaces) {
            interfaces.push_back(iid.to_string());
        }
        entry.insert("interfaces", std::move(interfaces));
        classes.push_back(std::move(entry));
    }
    toml::array interfaces;
    for (const interface_record &i : sorted.interfaces) {
        toml::table entry{{"iid", i.iid.to_string()}, {"name", i.name}, {"fingerprint", fingerprint_text(i.fingerprint)}};
        put_contract(entry, i.contract);
        put_if(entry, "description", i.description);
        interfaces.push_back(std::move(entry));
    }
    if (!modules.empty()) {
        root.insert("module", std::move(modules));
    }
    if (!classes.empty()) {
        root.insert("class", std::move(classes));
    }
    if (!interfaces.empty()) {
        root.insert("interface", std::move(interfaces));
    }
    std::ostringstream text;
    text << "# The ucom registry (docs/registry.md). Written by `ucom register`; edits by hand are\n"
            "# checked as strictly as the tool's own.\n\n"
         << root << '\n';
    return text.str();
}

} // namespace ucom::registry
