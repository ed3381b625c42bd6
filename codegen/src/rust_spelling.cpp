#include "rust_spelling.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/core.h>

#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

constexpr std::array<std::string_view, 51> rust_keywords = {
    "as",     "async",  "await", "break",   "const",  "continue", "crate",   "dyn",    "else",   "enum",   "extern",
    "false",  "fn",     "for",   "if",      "impl",   "in",       "let",     "loop",   "match",  "mod",    "move",
    "mut",    "pub",    "ref",   "return",  "self",   "Self",     "static",  "struct", "super",  "trait",  "true",
    "type",   "unsafe", "use",   "where",   "while",  "abstract", "become",  "box",    "do",     "final",  "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield",  "try"};

std::string builtin_rust(const type &t)
{
    const bool u = t.is_unsigned;
    switch (t.builtin) {
    case builtin_type::void_:
        return "c_void";
    case builtin_type::boolean:
    case builtin_type::byte:
        return "u8";
    case builtin_type::char_:
        return u ? "u8" : "c_char";
    case builtin_type::small:
        return u ? "u8" : "i8";
    case builtin_type::short_:
        return u ? "u16" : "i16";
    case builtin_type::int_:
    case builtin_type::long_:
        return u ? "u32" : "i32";
    case builtin_type::hyper:
        return u ? "u64" : "i64";
    case builtin_type::int3264:
        return u ? "usize" : "isize";
    case builtin_type::float_:
        return "f32";
    case builtin_type::double_:
        return "f64";
    case builtin_type::wchar:
        return "u16";
    case builtin_type::handle_t:
        return "*mut c_void";
    case builtin_type::error_status_t:
        return "u32";
    }
    return "c_void";
}

// An array's element count, when the resolver evaluated it.
std::optional<std::int64_t> array_count(const type &t)
{
    return t.size ? t.size->value : std::nullopt;
}

std::size_t round_up(std::size_t value, std::size_t align)
{
    return align == 0 ? value : (value + align - 1) / align * align;
}

} // namespace

std::string rust_guid_value(const uuid_value &u)
{
    std::string bytes;
    for (auto b : u.data4) {
        bytes += fmt::format("{}0x{:02X}", bytes.empty() ? "" : ", ", b);
    }
    return fmt::format("ucom::Guid::new(0x{:08X}, 0x{:04X}, 0x{:04X}, [{}])", u.data1, u.data2, u.data3, bytes);
}

std::string rust_string_literal(std::string_view text)
{
    std::string out = "\"";
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{{{:x}}}", c);
        } else {
            out += ch; // UTF-8 bytes pass as they are: a Rust source file is UTF-8
        }
    }
    return out + "\"";
}

std::string rust_module_name(std::string_view stem)
{
    return rust_identifier(identifier_of(stem));
}

std::string rust_identifier(std::string_view name)
{
    if (std::find(rust_keywords.begin(), rust_keywords.end(), name) != rust_keywords.end()) {
        if (name == "self" || name == "Self" || name == "super" || name == "crate") {
            return std::string(name) + "_"; // no raw form for these
        }
        return "r#" + std::string(name);
    }
    return std::string(name);
}

std::string rust_snake_name(std::string_view name)
{
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (std::isupper(c) != 0) {
            const bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) != 0 ||
                                               std::isdigit(static_cast<unsigned char>(name[i - 1])) != 0);
            const bool before_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1])) != 0 &&
                                      i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1])) != 0;
            if ((after_lower || before_lower) && !out.empty() && out.back() != '_') {
                out += '_';
            }
            out += static_cast<char>(std::tolower(c));
        } else {
            out += static_cast<char>(c);
        }
    }
    return rust_identifier(out);
}

std::string rust_type(const type &t)
{
    if (is_typedef_named(t, "HRESULT")) {
        return "ucom::HRESULT";
    }
    if (is_guid(t)) {
        return "ucom::Guid";
    }
    const auto &u = underlying(t);
    switch (u.kind) {
    case type_kind::builtin:
        return builtin_rust(u);
    case type_kind::pointer: {
        const auto &to = *u.element;
        if (underlying(to).kind == type_kind::function) {
            return rust_type(to); // a pointer to a function is Rust's fn pointer itself
        }
        const bool is_const = to.is_const || (to.kind == type_kind::named && underlying(to).is_const);
        return fmt::format("{} {}", is_const ? "*const" : "*mut", rust_type(to));
    }
    case type_kind::array: {
        const auto count = array_count(u);
        // A conformant array (`long data[]`) is a pointer in a parameter; a member of one
        // element as C declares it, as MIDL does.
        return count ? fmt::format("[{}; {}]", rust_type(*u.element), *count) : fmt::format("[{}; 1]", rust_type(*u.element));
    }
    case type_kind::function: {
        std::string params;
        for (const auto &p : u.parameters) {
            params += (params.empty() ? "" : ", ") + rust_type(*p.type);
        }
        const bool returns = u.element && !is_void(*u.element);
        return fmt::format("Option<unsafe extern \"C\" fn({}){}>", params,
                           returns ? " -> " + rust_type(*u.element) : std::string());
    }
    case type_kind::named:
    case type_kind::tagged:
        break;
    }
    if (const auto *itf = as<interface_decl>(u.target)) {
        return itf->name == "IUnknown" ? "ucom::IUnknown" : (itf->name == "IClassFactory" ? "ucom::IClassFactory" : itf->name);
    }
    if (u.target != nullptr) {
        if (const auto *e = as<enum_decl>(u.target); e != nullptr && (e->name.empty() || !e->is_definition)) {
            return "i32"; // an anonymous enum, or one the IDL never defines (its C headers do)
        }
        return u.target->name;
    }
    return u.name.empty() ? "c_void" : u.name;
}

c_layout layout_of(const type &t)
{
    const auto &u = underlying(t);
    switch (u.kind) {
    case type_kind::builtin: {
        const auto size = u.builtin == builtin_type::handle_t ? std::size_t{8} : builtin_size(u.builtin);
        return {size, size};
    }
    case type_kind::pointer:
    case type_kind::function:
        return {8, 8};
    case type_kind::array: {
        const auto element = layout_of(*u.element);
        const auto count = array_count(u);
        return {element.size * static_cast<std::size_t>(count ? *count : 1), element.align};
    }
    case type_kind::named:
    case type_kind::tagged:
        break;
    }
    if (const auto *target = named_aggregate(u)) {
        return layout_of(*target);
    }
    if (as<interface_decl>(u.target) != nullptr) {
        return {8, 8}; // the interface struct holds its vtable pointer
    }
    return {};
}

namespace {

// A type's layout inside an aggregate packed to `pack` (0: not packed): C aligns a member
// to at most the packing.
c_layout packed(c_layout layout, unsigned pack)
{
    if (pack != 0 && layout.align > pack) {
        layout.align = pack;
    }
    return layout;
}

// A struct's fields laid out in order, or a union's all at 0; {0, 0} when one is unknown.
c_layout fold_fields(const std::vector<const field *> &fields, bool is_union, unsigned pack,
                     std::vector<std::size_t> *offsets)
{
    c_layout total{0, 1};
    for (const auto *f : fields) {
        if (f->type == nullptr) {
            continue;
        }
        const auto member = packed(layout_of(*f->type), pack);
        if (member.align == 0 || f->bits) {
            return {};
        }
        const auto at = is_union ? 0 : round_up(total.size, member.align);
        if (offsets != nullptr) {
            offsets->push_back(at);
        }
        total.align = std::max(total.align, member.align);
        total.size = std::max(total.size, at + member.size);
    }
    total.size = round_up(total.size, total.align);
    return total;
}

std::vector<const field *> fields_of(const struct_decl &s)
{
    std::vector<const field *> out;
    for (const auto &f : s.fields) {
        out.push_back(&f);
    }
    return out;
}

} // namespace

c_layout layout_of(const decl &aggregate)
{
    if (as<enum_decl>(&aggregate) != nullptr) {
        return {4, 4};
    }
    if (const auto *s = as<struct_decl>(&aggregate)) {
        return s->is_definition ? fold_fields(fields_of(*s), false, s->pack, nullptr) : c_layout{};
    }
    const auto *un = as<union_decl>(&aggregate);
    if (un == nullptr || !un->is_definition) {
        return {};
    }
    std::vector<const field *> members;
    for (const auto &arm : un->arms) {
        members.push_back(&arm.member);
    }
    const auto arms = fold_fields(members, true, un->pack, nullptr);
    if (!un->encapsulated || arms.align == 0) {
        return arms;
    }
    const auto discriminant = packed(layout_of(*un->switch_type), un->pack);
    if (discriminant.align == 0) {
        return {};
    }
    const auto align = std::max(discriminant.align, arms.align);
    return {round_up(round_up(discriminant.size, arms.align) + arms.size, align), align};
}

std::vector<std::size_t> field_offsets(const struct_decl &s)
{
    std::vector<std::size_t> offsets;
    if (!s.is_definition || fold_fields(fields_of(s), false, s.pack, &offsets).align == 0) {
        return {};
    }
    return offsets;
}

} // namespace ucom::idl
