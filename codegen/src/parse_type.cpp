// Parser, part two: types and declarators, and the declarations built from them (typedef,
// const, struct/union/enum, fields, methods and their parameters). In-place struct/union/enum
// bodies are hoisted into the current scope here, before the declaration that uses them.
#include <algorithm>
#include <array>
#include <utility>

#include "builtin_types.hpp"
#include "parser_detail.hpp"

namespace ucom::idl::detail {
namespace {

constexpr std::array<std::string_view, 9> integer_words = {"char",  "small",   "short",   "int",      "long",
                                                           "hyper", "__int32", "__int64", "__int3264"};

// Identifiers that start a declaration or a label, and so can never name a type.
constexpr std::array<std::string_view, 14> non_type_words = {
    "typedef",   "interface", "dispinterface", "coclass", "library", "module", "import",
    "importlib", "cpp_quote", "midl_pragma",   "case",    "default", "switch", "sizeof"};

// The ABI fixes the calling convention (stdcall on 32-bit x86 for COM methods, the platform's
// only one elsewhere), so these spellings from Windows headers say nothing ucom-idl can use.
constexpr std::array<std::string_view, 9> calling_conventions = {
    "__stdcall", "_stdcall", "__cdecl", "_cdecl", "__fastcall", "_fastcall", "STDMETHODCALLTYPE", "WINAPI", "CALLBACK"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N> &words, std::string_view w)
{
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_integer_word(const token &t)
{
    return t.kind == token_kind::identifier && contains(integer_words, t.text);
}

// The base types that take no sign and no size words (void, boolean, float, …).
const builtin_info *find_plain_builtin(const token &t)
{
    if (t.kind != token_kind::identifier) {
        return nullptr;
    }
    const auto all = builtin_types();
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const builtin_info &b) { return b.plain_word && b.idl == t.text; });
    return it == all.end() ? nullptr : &*it;
}

bool is_tag_word(const token &t)
{
    return t.is_identifier("struct") || t.is_identifier("union") || t.is_identifier("enum");
}

// The number of type nodes along a pointer/array chain (walked without recursion).
std::size_t chain_length(const type &t)
{
    std::size_t n = 1;
    for (const type *p = t.element.get(); p != nullptr; p = p->element.get()) {
        ++n;
    }
    return n;
}

decl_ptr make_tagged_decl(tag_kind tag)
{
    switch (tag) {
    case tag_kind::union_:
        return std::make_unique<union_decl>();
    case tag_kind::enum_:
        return std::make_unique<enum_decl>();
    case tag_kind::struct_:
        break;
    }
    return std::make_unique<struct_decl>();
}

void mark_forward(decl &d)
{
    if (auto *s = as<struct_decl>(&d)) {
        s->is_definition = false;
    } else if (auto *u = as<union_decl>(&d)) {
        u->is_definition = false;
    } else if (auto *e = as<enum_decl>(&d)) {
        e->is_definition = false;
    }
}

void mark_anonymous(decl &d)
{
    if (auto *s = as<struct_decl>(&d)) {
        s->anonymous = true;
    } else if (auto *u = as<union_decl>(&d)) {
        u->anonymous = true;
    } else if (auto *e = as<enum_decl>(&d)) {
        e->anonymous = true;
    }
}

} // namespace

bool parser::is_builtin_start(const token &t)
{
    return find_plain_builtin(t) != nullptr || is_integer_word(t) || t.is_identifier("signed") ||
           t.is_identifier("unsigned");
}

bool parser::at_type_start(std::size_t ahead) const
{
    const token &t = peek(ahead);
    return t.kind == token_kind::identifier && !contains(non_type_words, t.text);
}

// In an interface body `struct X {…};` defines a type, while `struct X *f(void);` is a method.
bool parser::at_tagged_definition() const
{
    if (!is_tag_word(peek())) {
        return false;
    }
    std::size_t next = peek(1).kind == token_kind::identifier && !at_word("switch", 1) ? 2 : 1;
    return at_punct("{", next) || at_punct(";", next) || (at_word("union") && at_word("switch", next));
}

// type := {'const'} type_specifier {'const'}
type_ptr parser::parse_type()
{
    auto first = peek().location;
    bool is_const = false;
    while (accept_word("const")) {
        is_const = true;
    }
    auto t = parse_type_specifier();
    if (!t) {
        return nullptr;
    }
    while (accept_word("const")) {
        is_const = true;
    }
    t->is_const = t->is_const || is_const;
    t->location = first;
    return t;
}

// type_specifier := builtin_type | tagged_specifier | identifier
type_ptr parser::parse_type_specifier()
{
    const token &t = peek();
    if (!at_type_start()) {
        diags_.report(t.location, diag::err_expected_type);
        return nullptr;
    }
    if (is_tag_word(t)) {
        return parse_tagged_specifier();
    }
    if (is_builtin_start(t)) {
        return parse_builtin_type();
    }
    if (t.is_identifier("SAFEARRAY") && at_punct("(", 1)) {
        return parse_safearray();
    }
    if (t.is_identifier("pipe") && peek(1).kind == token_kind::identifier) {
        diags_.report(t.location, diag::err_not_supported, "'pipe' type");
        return nullptr;
    }
    auto named = std::make_unique<type>();
    named->kind = type_kind::named;
    named->location = t.location;
    named->name = advance().text;
    return named;
}

// safearray := 'SAFEARRAY' '(' type_name ')'
// Automation's array, as widl reads it: a `SAFEARRAY *` that remembers its element type.
type_ptr parser::parse_safearray()
{
    const auto location = advance().location;
    advance(); // '('
    auto element = parse_type_name();
    if (!element || !expect(")")) {
        return nullptr;
    }
    auto named = std::make_unique<type>();
    named->kind = type_kind::named;
    named->location = location;
    named->name = "SAFEARRAY";
    auto pointer = std::make_unique<type>();
    pointer->kind = type_kind::pointer;
    pointer->location = location;
    pointer->element = std::move(named);
    pointer->safearray_of = std::move(element);
    return pointer;
}

// builtin_type := ('signed' | 'unsigned') [integer_type] | integer_type
//               | 'void' | 'boolean' | 'byte' | 'float' | 'double' | 'wchar_t' | 'handle_t' | 'error_status_t'
type_ptr parser::parse_builtin_type()
{
    const token &first = advance();
    auto t = std::make_unique<type>();
    t->kind = type_kind::builtin;
    t->location = first.location;
    if (const auto *plain = find_plain_builtin(first)) {
        t->builtin = plain->type;
        return t;
    }
    const token *word = &first;
    if (first.text == "signed" || first.text == "unsigned") {
        t->is_unsigned = first.text == "unsigned";
        t->is_signed = !t->is_unsigned;
        if (!is_integer_word(peek())) {
            t->builtin = builtin_type::int_; // `unsigned` alone is `unsigned int`, as in C
            return t;
        }
        word = &advance();
    }
    parse_integer_type(*word, *t);
    return t;
}

// integer_type := 'char' | 'small' | 'int' | 'short' ['int'] | 'long' ['int'] | 'hyper' ['int']
//               | '__int32' | '__int64' | '__int3264'
void parser::parse_integer_type(const token &word, type &t)
{
    const std::string &w = word.text;
    if (w == "long" && at_word("long")) {
        // Not MIDL: its `long` is always 32 bits, and guessing 64 would hide a real mistake.
        diags_.report(word.location, diag::err_long_long);
        advance();
        t.builtin = builtin_type::hyper;
    } else if (w == "short" || w == "long" || w == "hyper") {
        t.builtin = w == "short" ? builtin_type::short_ : (w == "long" ? builtin_type::long_ : builtin_type::hyper);
    } else if (w == "char") {
        t.builtin = builtin_type::char_;
    } else if (w == "small") {
        t.builtin = builtin_type::small;
    } else if (w == "int") {
        t.builtin = builtin_type::int_;
    } else if (w == "__int32") {
        t.builtin = builtin_type::long_;
    } else if (w == "__int64") {
        t.builtin = builtin_type::hyper;
    } else {
        t.builtin = builtin_type::int3264;
    }
    if (w == "short" || w == "long" || w == "hyper") {
        accept_word("int");
    }
}

// tagged_specifier := ('struct' | 'enum') [identifier] ['{' body '}']
//                   | 'union' [identifier] [union_switch] ['{' union_body '}']
// A body makes a definition, hoisted into the current scope; without a tag it gets a name.
type_ptr parser::parse_tagged_specifier()
{
    const token &keyword = advance();
    nesting guard(*this, keyword.location);
    if (!guard.ok()) {
        return nullptr;
    }
    auto t = std::make_unique<type>();
    t->kind = type_kind::tagged;
    t->location = keyword.location;
    t->tag =
        keyword.text == "struct" ? tag_kind::struct_ : (keyword.text == "union" ? tag_kind::union_ : tag_kind::enum_);
    const token *tag = peek().kind == token_kind::identifier && !at_word("switch") ? &advance() : nullptr;
    bool has_switch = t->tag == tag_kind::union_ && at_word("switch");
    if (!has_switch && !at_punct("{")) {
        if (tag == nullptr) {
            diags_.report(peek().location, diag::err_expected_tag, keyword.text);
            return nullptr;
        }
        t->name = tag->text;
        return t;
    }
    auto d = make_tagged_decl(t->tag);
    d->name = tag != nullptr ? tag->text : invent_name();
    d->location = tag != nullptr ? tag->location : keyword.location;
    if (tag == nullptr) {
        mark_anonymous(*d);
    }
    if (!parse_tagged_body(*d)) {
        return nullptr;
    }
    t->name = d->name;
    t->definition = d.get();
    add_decl(std::move(d));
    return t;
}

// The body after a tagged specifier's tag: dispatches on what was defined.
bool parser::parse_tagged_body(decl &d)
{
    if (auto *u = as<union_decl>(&d)) {
        if (at_word("switch") && !parse_union_switch(*u)) {
            return false;
        }
        if (!at_punct("{")) {
            diags_.report(peek().location, diag::err_expected_token_after, "{", "union switch");
            return false;
        }
        return parse_union_body(*u);
    }
    if (auto *e = as<enum_decl>(&d)) {
        return parse_enum_body(*e);
    }
    return parse_struct_body(*as<struct_decl>(&d));
}

// pointers := {'*' {'const'}}
type_ptr parser::parse_pointers(type_ptr t)
{
    while (at_punct("*")) {
        const token &star = advance();
        if (chain_length(*t) >= static_cast<std::size_t>(max_nesting)) {
            too_deep(star.location);
            return nullptr;
        }
        auto p = std::make_unique<type>();
        p->kind = type_kind::pointer;
        p->location = star.location;
        p->element = std::move(t);
        while (accept_word("const")) {
            p->is_const = true; // `char *const p`: the pointer itself is const
        }
        t = std::move(p);
    }
    return t;
}

// array_suffixes := {'[' [expression | '*'] ']'}
// `long a[2][3]` is an array of 2 arrays of 3: the first suffix is the outermost type.
type_ptr parser::parse_array_suffixes(type_ptr element)
{
    std::vector<std::pair<source_location, expr_ptr>> bounds;
    while (at_punct("[")) {
        auto open = advance().location;
        if (bounds.size() + chain_length(*element) >= static_cast<std::size_t>(max_nesting)) {
            too_deep(open);
            return nullptr;
        }
        expr_ptr size; // stays null for the conformant `[]` and `[*]`
        if (at_punct("*") && at_punct("]", 1)) {
            advance();
        } else if (!at_punct("]")) {
            size = parse_expression();
            if (!size) {
                return nullptr;
            }
        }
        if (!expect_closing("]", "array bound")) {
            return nullptr;
        }
        bounds.emplace_back(open, std::move(size));
    }
    for (auto it = bounds.rbegin(); it != bounds.rend(); ++it) {
        auto a = std::make_unique<type>();
        a->kind = type_kind::array;
        a->location = it->first;
        a->size = std::move(it->second);
        a->element = std::move(element);
        element = std::move(a);
    }
    return element;
}

// declarator := pointers [identifier] array_suffixes
//             | pointers function_pointer
std::optional<declarator> parser::parse_declarator(type_ptr base, name_rule rule)
{
    auto t = parse_pointers(std::move(base));
    if (!t) {
        return std::nullopt;
    }
    if (at_punct("(")) {
        return parse_function_pointer(std::move(t), rule);
    }
    declarator d;
    d.name_location = t->location;
    if (peek().kind == token_kind::identifier) {
        d.name_location = peek().location;
        d.name = advance().text;
    } else if (rule == name_rule::required) {
        diags_.report(peek().location, diag::err_expected_identifier);
        return std::nullopt;
    }
    if (at_punct("(")) {
        diags_.report(peek().location, diag::err_function_declarator);
        return std::nullopt;
    }
    d.type = parse_array_suffixes(std::move(t));
    if (!d.type) {
        return std::nullopt;
    }
    return d;
}

// function_pointer := '(' {calling_convention} '*' {'*'} [identifier] ')' '(' params
// `HRESULT (__stdcall *PFN)(IUnknown *p)`, as typedefs, members and parameters have it in
// Wine's SDK. Any other parenthesised declarator (`long (x)`) is refused.
std::optional<declarator> parser::parse_function_pointer(type_ptr result, name_rule rule)
{
    const token &open = advance();
    while (peek().kind == token_kind::identifier && contains(calling_conventions, peek().text)) {
        advance();
    }
    if (!at_punct("*")) {
        diags_.report(open.location, diag::err_function_pointer);
        return std::nullopt;
    }
    auto function = std::make_unique<type>();
    function->kind = type_kind::function;
    function->location = open.location;
    function->element = std::move(result);
    auto t = parse_pointers(std::move(function));
    if (!t) {
        return std::nullopt;
    }
    declarator d;
    d.name_location = peek().location;
    if (peek().kind == token_kind::identifier) {
        d.name = advance().text;
    } else if (rule == name_rule::required) {
        diags_.report(peek().location, diag::err_expected_identifier);
        return std::nullopt;
    }
    if (!expect_closing(")", "function pointer declarator") || !expect_after("(", "function pointer declarator")) {
        return std::nullopt;
    }
    method signature;
    if (!parse_params(signature)) {
        return std::nullopt;
    }
    if (signature.varargs) {
        diags_.report(open.location, diag::err_not_supported, "a variadic function pointer");
        return std::nullopt;
    }
    // The parameters belong to the function type, the innermost type of the chain.
    type *inner = t.get();
    while (inner->kind == type_kind::pointer) {
        inner = inner->element.get();
    }
    inner->parameters = std::move(signature.params);
    d.type = std::move(t);
    return d;
}

// `long (x)` and a function pointer where a method name belongs: parenthesised declarators
// that only a function pointer may use.
bool parser::ensure_no_function_pointer()
{
    if (!at_punct("(")) {
        return true;
    }
    diags_.report(peek().location, diag::err_function_pointer);
    return false;
}

// type_name := type pointers         (casts, sizeof, switch_type)
type_ptr parser::parse_type_name()
{
    auto t = parse_type();
    return t ? parse_pointers(std::move(t)) : nullptr;
}

// typedef := 'typedef' [attribute_list] type declarator {',' declarator} ';'
bool parser::parse_typedef(attribute_list attrs)
{
    advance();
    auto more = parse_attributes();
    if (!more) {
        return false;
    }
    std::move(more->begin(), more->end(), std::back_inserter(attrs));
    auto base = parse_type();
    if (!base) {
        return false;
    }
    return parse_declarators<typedef_decl>(*base, attrs, "typedef");
}

// declarator {',' declarator} ';' after the type `base`: one Decl (a typedef_decl or a
// variable_decl) per declarator, added in source order once the ';' is there.
template <class Decl>
bool parser::parse_declarators(const type &base, const attribute_list &attrs, std::string_view what)
{
    std::vector<decl_ptr> parsed;
    do {
        auto d = parse_declarator(clone(base), name_rule::required);
        if (!d) {
            return false;
        }
        auto declared = std::make_unique<Decl>();
        declared->name = std::move(d->name);
        declared->location = d->name_location;
        declared->attributes = clone(attrs);
        declared->type = std::move(d->type);
        parsed.push_back(std::move(declared));
    } while (accept_punct(","));
    if (!expect_after(";", what)) {
        return false;
    }
    for (auto &d : parsed) {
        add_decl(std::move(d));
    }
    return true;
}

// const_decl := 'const' type declarator '=' expression ';'
// The leading 'const' is the declaration's keyword, not a qualifier of the type.
bool parser::parse_const(attribute_list attrs)
{
    advance();
    auto base = parse_type();
    if (!base) {
        return false;
    }
    auto d = parse_declarator(std::move(base), name_rule::required);
    if (!d || !expect_after("=", "constant name")) {
        return false;
    }
    auto value = parse_expression();
    if (!value || !expect_after(";", "const declaration")) {
        return false;
    }
    auto c = std::make_unique<const_decl>();
    c->name = std::move(d->name);
    c->location = d->name_location;
    c->attributes = std::move(attrs);
    c->type = std::move(d->type);
    c->value = std::move(value);
    add_decl(std::move(c));
    return true;
}

// extern_decl := 'extern' type declarator {',' declarator} ';'
bool parser::parse_extern(attribute_list attrs)
{
    advance();
    auto base = parse_type();
    if (!base) {
        return false;
    }
    return parse_declarators<variable_decl>(*base, attrs, "extern declaration");
}

// function_decl := method ';'      (at file scope or in a library: a function a library exports)
bool parser::parse_function_decl(attribute_list attrs)
{
    auto d = std::make_unique<function_decl>();
    if (!parse_method(std::move(attrs), d->function) || !expect_after(";", "function declaration")) {
        return false;
    }
    d->name = d->function.name;
    d->location = d->function.location;
    add_decl(std::move(d));
    return true;
}

// tagged_decl := tagged_specifier ';'     (a definition, or a forward declaration `struct X;`)
bool parser::parse_tagged_decl(attribute_list attrs)
{
    std::string keyword = peek().text;
    auto name_at = peek(1).location;
    auto t = parse_tagged_specifier();
    if (!t) {
        return false;
    }
    if (t->definition != nullptr) {
        t->definition->attributes = std::move(attrs);
    } else {
        auto d = make_tagged_decl(t->tag);
        d->name = t->name;
        d->location = name_at;
        d->attributes = std::move(attrs);
        mark_forward(*d);
        add_decl(std::move(d));
    }
    return expect_after(";", fmt::format("{} {}", keyword, t->definition != nullptr ? "definition" : "declaration"));
}

// struct_body := '{' {[attribute_list] field} '}'
bool parser::parse_struct_body(struct_decl &s)
{
    advance();
    while (!at_end() && !at_punct("}") && !diags_.should_stop()) {
        auto start = pos_;
        auto attrs = parse_attributes();
        if (!attrs || !parse_fields(s.fields, std::move(*attrs), "struct member", true)) {
            recover(start);
        }
    }
    return expect_closing("}", "struct body");
}

// field := type member_declarator {',' member_declarator} ';'     (one declarator in a union arm)
//        | tagged_specifier ';'            (C11's anonymous member: `union {…};` in a struct)
// member_declarator := declarator [':' expression]
bool parser::parse_fields(std::vector<field> &out, attribute_list attrs, std::string_view what, bool many)
{
    auto base = parse_type();
    if (!base) {
        return false;
    }
    if (base->definition != nullptr && at_punct(";")) {
        advance();
        if (auto *s = as<struct_decl>(base->definition)) {
            s->anonymous_member = s->anonymous;
        } else if (auto *u = as<union_decl>(base->definition)) {
            u->anonymous_member = u->anonymous;
        }
        auto at = base->location;
        out.push_back(field{std::move(attrs), std::move(base), {}, at, nullptr});
        return true;
    }
    std::vector<field> parsed;
    do {
        auto d = parse_declarator(clone(*base), name_rule::required);
        if (!d) {
            return false;
        }
        expr_ptr bits;
        if (accept_punct(":")) {
            bits = parse_expression();
            if (!bits) {
                return false;
            }
        }
        parsed.push_back(field{clone(attrs), std::move(d->type), std::move(d->name), d->name_location, std::move(bits)});
    } while (many && accept_punct(","));
    if (!expect_after(";", what)) {
        return false;
    }
    std::move(parsed.begin(), parsed.end(), std::back_inserter(out));
    return true;
}

// union_switch := 'switch' '(' type identifier ')' [identifier]
bool parser::parse_union_switch(union_decl &u)
{
    advance();
    u.encapsulated = true;
    if (!expect_after("(", "'switch'")) {
        return false;
    }
    u.switch_type = parse_type();
    if (!u.switch_type) {
        return false;
    }
    const token *name = expect_identifier();
    if (name == nullptr || !expect_closing(")", "union switch")) {
        return false;
    }
    u.switch_name = name->text;
    if (peek().kind == token_kind::identifier) {
        u.union_name = advance().text;
    }
    return true;
}

// union_body := '{' {union_arm | encapsulated_arm} '}'
bool parser::parse_union_body(union_decl &u)
{
    advance();
    while (!at_end() && !at_punct("}") && !diags_.should_stop()) {
        auto start = pos_;
        bool ok = at_word("case") || at_word("default") ? parse_encapsulated_arm(u) : parse_union_arm(u);
        if (!ok) {
            recover(start);
        }
    }
    return expect_closing("}", "union body");
}

// union_arm := [attribute_list] arm_member    (its labels are the [case(…)] and [default] attributes)
bool parser::parse_union_arm(union_decl &u)
{
    union_decl::arm arm;
    arm.location = peek().location;
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    // MIDL writes a non-encapsulated arm's labels as attributes; the tree keeps labels in the arm.
    attribute_list rest;
    for (auto &a : *attrs) {
        if (a.name == "case") {
            for (auto &value : a.args) {
                if (!value) {
                    diags_.report(a.location, diag::err_expected_expression);
                    return false;
                }
                arm.cases.push_back(std::move(value));
            }
        } else if (a.name == "default") {
            arm.is_default = true;
        } else {
            rest.push_back(std::move(a));
        }
    }
    if (!parse_arm_member(arm, std::move(rest))) {
        return false;
    }
    u.arms.push_back(std::move(arm));
    return true;
}

// encapsulated_arm := ('case' expression ':' | 'default' ':') {…} [attribute_list] arm_member
bool parser::parse_encapsulated_arm(union_decl &u)
{
    union_decl::arm arm;
    arm.location = peek().location;
    while (at_word("case") || at_word("default")) {
        if (accept_word("default")) {
            arm.is_default = true;
        } else {
            advance();
            auto value = parse_expression();
            if (!value) {
                return false;
            }
            arm.cases.push_back(std::move(value));
        }
        if (!expect_after(":", "case label")) {
            return false;
        }
    }
    auto attrs = parse_attributes();
    if (!attrs || !parse_arm_member(arm, std::move(*attrs))) {
        return false;
    }
    u.arms.push_back(std::move(arm));
    return true;
}

// arm_member := ';' | field          (';' alone: an empty arm)
bool parser::parse_arm_member(union_decl::arm &arm, attribute_list attrs)
{
    if (at_punct(";")) {
        arm.member.attributes = std::move(attrs);
        arm.member.location = advance().location;
        return true;
    }
    std::vector<field> member;
    if (!parse_fields(member, std::move(attrs), "union member", false)) {
        return false;
    }
    arm.member = std::move(member.front());
    return true;
}

// enum_body := '{' [enumerator {',' enumerator} [',']] '}'
bool parser::parse_enum_body(enum_decl &e)
{
    advance();
    while (!at_end() && !at_punct("}") && !diags_.should_stop()) {
        auto start = pos_;
        if (!parse_enumerator(e)) {
            recover(start, true);
        } else if (!accept_punct(",") && !at_punct("}")) {
            diags_.report(peek().location, diag::err_expected_token_after, ",", "enumerator");
            recover(start, true);
        }
    }
    return expect_closing("}", "enum body");
}

// enumerator := [attribute_list] identifier ['=' expression]
bool parser::parse_enumerator(enum_decl &e)
{
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    const token *name = expect_identifier();
    if (name == nullptr) {
        return false;
    }
    enum_decl::enumerator item;
    item.attributes = std::move(*attrs);
    item.name = name->text;
    item.location = name->location;
    if (accept_punct("=")) {
        item.value = parse_expression();
        if (!item.value) {
            return false;
        }
    }
    e.enumerators.push_back(std::move(item));
    return true;
}

// method := type pointers {calling_convention} identifier '(' params ')'
bool parser::parse_method(attribute_list attrs, method &m)
{
    auto t = parse_type();
    t = t ? parse_pointers(std::move(t)) : nullptr;
    if (!t) {
        return false;
    }
    while (peek().kind == token_kind::identifier && contains(calling_conventions, peek().text)) {
        advance();
    }
    if (!ensure_no_function_pointer()) {
        return false;
    }
    const token *name = expect_identifier();
    if (name == nullptr || !expect_after("(", "method name")) {
        return false;
    }
    m.attributes = std::move(attrs);
    m.return_type = std::move(t);
    m.name = name->text;
    m.location = name->location;
    return parse_params(m);
}

// params := ['void' | '...' | param {',' param} [',' '...']] ')'      (after the '(')
bool parser::parse_params(method &m)
{
    if (accept_punct(")")) {
        return true;
    }
    if (at_word("void") && at_punct(")", 1)) {
        advance();
        advance();
        return true;
    }
    do {
        if (accept_punct("...")) {
            m.varargs = true;
            break;
        }
        if (!parse_param(m)) {
            return false;
        }
    } while (accept_punct(","));
    return expect_closing(")", "parameter list");
}

// param := [attribute_list] type declarator        (the name may be left out)
bool parser::parse_param(method &m)
{
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    auto base = parse_type();
    if (!base) {
        return false;
    }
    auto d = parse_declarator(std::move(base), name_rule::optional);
    if (!d) {
        return false;
    }
    m.params.push_back(field{std::move(*attrs), std::move(d->type), std::move(d->name), d->name_location, nullptr});
    return true;
}

} // namespace ucom::idl::detail
