// C and IDL spellings of types, expressions, attributes and signatures (see spelling.hpp).
#include "spelling.hpp"

#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "builtin_types.hpp"

namespace ucom::idl {
namespace {

std::string base_spelling(dialect d, const type &t)
{
    std::string base;
    switch (t.kind) {
    case type_kind::builtin:
        base = builtin_spelling(d, t);
        break;
    case type_kind::named:
        base = t.name;
        break;
    case type_kind::tagged: {
        // An encapsulated union is a C struct (its discriminant and the union).
        const auto *target = t.definition != nullptr ? t.definition : t.target;
        const auto *u = as<union_decl>(target);
        bool as_struct = d == dialect::c && u != nullptr && u->encapsulated;
        base = fmt::format("{} {}", as_struct ? "struct" : tag_keyword(t.tag), t.name);
        break;
    }
    case type_kind::pointer:
        if (d == dialect::idl && t.safearray_of) {
            base = fmt::format("SAFEARRAY({})", declaration(d, *t.safearray_of));
        }
        break; // otherwise not a base
    case type_kind::array:
    case type_kind::function:
        break; // not a base
    }
    return t.is_const ? "const " + base : base;
}

bool is_binary_like(const expr &e)
{
    return e.kind == expr_kind::binary || e.kind == expr_kind::conditional;
}

std::string operand(const expr *e)
{
    if (e == nullptr) {
        return {};
    }
    auto text = expression(*e);
    return is_binary_like(*e) ? "(" + text + ")" : text;
}

} // namespace

std::string_view tag_keyword(tag_kind k)
{
    switch (k) {
    case tag_kind::struct_:
        return "struct";
    case tag_kind::union_:
        return "union";
    case tag_kind::enum_:
        return "enum";
    }
    return "struct";
}

std::string builtin_spelling(dialect d, const type &t)
{
    if (d == dialect::c) {
        return std::string(pick(info(t.builtin).c, t));
    }
    std::string out;
    if (t.is_unsigned) {
        out = "unsigned ";
    } else if (t.is_signed) {
        out = "signed ";
    }
    return out + std::string(info(t.builtin).idl);
}

namespace {

// `HRESULT (*name[2])(IUnknown *p, int32_t n)`: the pointers and arrays in parentheses.
std::string function_declaration(dialect d, const type &function, const std::vector<const type *> &pointers,
                                 std::string_view name, const std::vector<const expr *> &dims)
{
    std::string inner;
    for (auto it = pointers.rbegin(); it != pointers.rend(); ++it) {
        inner += (*it)->is_const ? "*const " : "*";
    }
    inner += name;
    for (const auto *dim : dims) {
        inner += dim != nullptr ? "[" + expression(*dim) + "]" : "[]";
    }
    std::string parameters;
    for (const auto &p : function.parameters) {
        parameters += parameters.empty() ? "" : ", ";
        parameters += p.type ? declaration(d, *p.type, p.name) : p.name;
    }
    return fmt::format("{} ({})({})", declaration(d, *function.element), inner,
                       parameters.empty() ? "void" : parameters);
}

} // namespace

std::string declaration(dialect d, const type &t, std::string_view name)
{
    std::vector<const expr *> dims; // outermost first
    const type *current = &t;
    while (current->kind == type_kind::array && current->element) {
        dims.push_back(current->size.get());
        current = current->element.get();
    }
    std::vector<const type *> pointers; // outermost first
    while (current->kind == type_kind::pointer && current->element && !(d == dialect::idl && current->safearray_of)) {
        pointers.push_back(current);
        current = current->element.get();
    }
    if (current->kind == type_kind::function && current->element) {
        return function_declaration(d, *current, pointers, name, dims);
    }
    std::string out = base_spelling(d, *current);
    if (!pointers.empty()) {
        out += ' ';
        for (auto it = pointers.rbegin(); it != pointers.rend(); ++it) {
            out += (*it)->is_const ? "*const " : "*";
        }
        if (out.back() == ' ') {
            out.pop_back();
        }
    }
    if (!name.empty()) {
        if (out.back() != '*') {
            out += ' ';
        }
        out += name;
    }
    for (const auto *dim : dims) {
        out += dim != nullptr ? "[" + expression(*dim) + "]" : "[]";
    }
    return out;
}

std::string value_declaration(const type &t)
{
    auto text = declaration(dialect::c, t);
    constexpr std::string_view qualifier = "const ";
    return text.compare(0, qualifier.size(), qualifier) == 0 ? text.substr(qualifier.size()) : text;
}

std::string expression(const expr &e)
{
    switch (e.kind) {
    case expr_kind::integer:
    case expr_kind::floating:
    case expr_kind::identifier:
    case expr_kind::uuid:
        return e.text;
    case expr_kind::string:
        return c_string_literal(e.text);
    case expr_kind::character:
        return e.integer_value >= 0x20 && e.integer_value < 0x7F && e.integer_value != '\'' && e.integer_value != '\\'
                   ? fmt::format("'{}'", static_cast<char>(e.integer_value))
                   : fmt::format("{}", e.integer_value);
    case expr_kind::unary:
        return e.text + operand(e.operands.empty() ? nullptr : e.operands[0].get());
    case expr_kind::binary:
        return fmt::format("{} {} {}", operand(e.operands.size() > 0 ? e.operands[0].get() : nullptr), e.text,
                           operand(e.operands.size() > 1 ? e.operands[1].get() : nullptr));
    case expr_kind::conditional:
        return fmt::format("{} ? {} : {}", operand(e.operands.size() > 0 ? e.operands[0].get() : nullptr),
                           operand(e.operands.size() > 1 ? e.operands[1].get() : nullptr),
                           operand(e.operands.size() > 2 ? e.operands[2].get() : nullptr));
    case expr_kind::cast:
        return fmt::format("({}){}", e.type_operand ? declaration(dialect::c, *e.type_operand) : "",
                           operand(e.operands.empty() ? nullptr : e.operands[0].get()));
    case expr_kind::sizeof_type:
        return fmt::format("sizeof({})", e.type_operand ? declaration(dialect::c, *e.type_operand) : "");
    }
    return {};
}

std::string attributes(const attribute_list &attrs)
{
    if (attrs.empty()) {
        return {};
    }
    std::string out = "[";
    for (std::size_t i = 0; i < attrs.size(); ++i) {
        const auto &a = attrs[i];
        out += i == 0 ? "" : ", ";
        out += a.name;
        if (a.has_parens) {
            out += '(';
            if (a.type_arg) {
                out += declaration(dialect::idl, *a.type_arg);
            }
            for (std::size_t j = 0; j < a.args.size(); ++j) {
                out += j == 0 ? "" : ", ";
                out += a.args[j] ? expression(*a.args[j]) : "";
            }
            out += ')';
        }
    }
    return out + "]";
}

std::string idl_signature(const method &m)
{
    std::string out = attributes(m.attributes);
    if (!out.empty()) {
        out += ' ';
    }
    out += declaration(dialect::idl, *m.return_type, m.name);
    out += '(';
    for (std::size_t i = 0; i < m.params.size(); ++i) {
        const auto &p = m.params[i];
        out += i == 0 ? "" : ", ";
        auto attrs = attributes(p.attributes);
        out += attrs.empty() ? "" : attrs + " ";
        out += declaration(dialect::idl, *p.type, p.name);
    }
    if (m.varargs) {
        out += m.params.empty() ? "..." : ", ...";
    }
    return out + ");";
}

std::string identifier_of(std::string_view stem)
{
    std::string id;
    for (char c : stem) {
        id += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    }
    return id;
}

std::string c_string_literal(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += fmt::format("\\{:03o}", static_cast<unsigned char>(c));
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

} // namespace ucom::idl

namespace ucom::idl {
std::string guid_initializer(const uuid_value &u)
{
    return fmt::format("{{0x{:08X}, 0x{:04X}, 0x{:04X}, {{0x{:02X}, 0x{:02X}, 0x{:02X}, 0x{:02X}, 0x{:02X}, 0x{:02X}, "
                       "0x{:02X}, 0x{:02X}}}}}",
                       u.data1, u.data2, u.data3, u.data4[0], u.data4[1], u.data4[2], u.data4[3], u.data4[4],
                       u.data4[5], u.data4[6], u.data4[7]);
}
} // namespace ucom::idl
