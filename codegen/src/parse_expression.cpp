// Parser, part three: attribute lists and the constant expressions in their arguments, array
// bounds, enumerator values and consts. C's precedence, with casts and sizeof(type).
#include <algorithm>
#include <array>
#include <utility>

#include "parser_detail.hpp"

namespace ucom::idl::detail {
namespace {

struct binary_operator {
    std::string_view spelling;
    int precedence; // higher binds tighter
};

constexpr std::array<binary_operator, 18> binary_operators = {{
    {"||", 1},
    {"&&", 2},
    {"|", 3},
    {"^", 4},
    {"&", 5},
    {"==", 6},
    {"!=", 6},
    {"<", 7},
    {">", 7},
    {"<=", 7},
    {">=", 7},
    {"<<", 8},
    {">>", 8},
    {"+", 9},
    {"-", 9},
    {"*", 10},
    {"/", 10},
    {"%", 10},
}};

int precedence_of(const token &t)
{
    if (t.kind != token_kind::punctuator) {
        return 0;
    }
    auto it = std::find_if(binary_operators.begin(), binary_operators.end(),
                           [&](const binary_operator &op) { return op.spelling == t.text; });
    return it == binary_operators.end() ? 0 : it->precedence;
}

constexpr std::array<std::string_view, 6> unary_operators = {"-", "+", "~", "!", "*", "&"};

// Attributes whose argument names a type rather than a value.
constexpr std::array<std::string_view, 5> type_attributes = {"switch_type", "transmit_as", "wire_marshal",
                                                             "user_marshal", "represent_as"};

// Words that can only begin a type, so that a '(' before them starts a cast.
constexpr std::array<std::string_view, 23> type_keywords = {
    "const",   "signed",    "unsigned", "struct", "union",   "enum",     "void",          "boolean",
    "byte",    "char",      "small",    "short",  "int",     "long",     "hyper",         "__int32",
    "__int64", "__int3264", "float",    "double", "wchar_t", "handle_t", "error_status_t"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N> &words, std::string_view w)
{
    return std::find(words.begin(), words.end(), w) != words.end();
}

expr_ptr make_expr(expr_kind kind, source_location at, std::string text = {})
{
    auto e = std::make_unique<expr>();
    e->kind = kind;
    e->location = at;
    e->text = std::move(text);
    return e;
}

// Counts each operator folded into a left-deep chain as one level of nesting, so that
// `1+1+…+1` is held to the same limit as `(((1+1)+1)+…)`: both make a tree that deep.
class chain_depth {
public:
    explicit chain_depth(int &depth) : depth_(depth) {}
    ~chain_depth() { depth_ -= added_; }
    chain_depth(const chain_depth &) = delete;
    chain_depth &operator=(const chain_depth &) = delete;
    bool add()
    {
        ++added_;
        return ++depth_ <= max_nesting;
    }

private:
    int &depth_;
    int added_ = 0;
};

} // namespace

// attribute_lists := {'[' attribute {',' attribute} [','] ']'}     (consecutive lists are merged)
// A trailing ',' is accepted, as widl does (Wine's audioclient.idl has `[…, object,]`); an
// empty list or an empty entry between two commas is an error.
std::optional<attribute_list> parser::parse_attributes()
{
    attribute_list attrs;
    while (at_punct("[")) {
        advance();
        bool first = true;
        while (true) {
            if (at_punct(",") || (at_punct("]") && first)) {
                // `[]`, `[, object]` (wuapi.idl): widl takes an empty entry as none. A
                // trailing ',' is no entry.
                diags_.report(peek().location, diag::warn_empty_attribute);
                first = false;
                if (accept_punct(",") && !at_punct("]")) {
                    continue;
                }
                break;
            }
            first = false;
            if (peek().kind != token_kind::identifier) {
                diags_.report(peek().location, diag::err_expected_identifier);
                return std::nullopt;
            }
            if (!parse_attribute(attrs)) {
                return std::nullopt;
            }
            if (!accept_punct(",") || at_punct("]")) {
                break;
            }
        }
        if (!expect_closing("]", "attribute list")) {
            return std::nullopt;
        }
    }
    return attrs;
}

// attribute := identifier ['(' [attribute_args] ')']
bool parser::parse_attribute(attribute_list &out)
{
    const token &name = advance();
    attribute a;
    a.name = name.text;
    a.location = name.location;
    if (accept_punct("(")) {
        a.has_parens = true;
        if (!parse_attribute_args(a)) {
            return false;
        }
    }
    out.push_back(std::move(a));
    return true;
}

// attribute_args := type_name                           (switch_type and the others naming a type)
//                 | type_name identifier                (implicit_handle(handle_t h): args[0] is h)
//                 | [expression] {',' [expression]}     (an omitted one, as in size_is(, n), is null)
bool parser::parse_attribute_args(attribute &a)
{
    if (accept_punct(")")) {
        return true;
    }
    if (contains(type_attributes, a.name) || a.name == "implicit_handle") {
        a.type_arg = parse_type_name();
        if (a.type_arg && a.name == "implicit_handle") {
            const token *handle = expect_identifier();
            if (handle == nullptr) {
                return false;
            }
            a.args.push_back(make_expr(expr_kind::identifier, handle->location, handle->text));
        }
        return a.type_arg && expect_closing(")", "attribute arguments");
    }
    do {
        expr_ptr arg;
        if (!at_punct(",") && !at_punct(")")) {
            arg = parse_expression();
            if (!arg) {
                return false;
            }
        }
        // uuid("…") is the quoted spelling of uuid(…): the same value either way.
        if (a.name == "uuid" && arg && arg->kind == expr_kind::string) {
            arg->kind = expr_kind::uuid;
        }
        a.args.push_back(std::move(arg));
    } while (accept_punct(","));
    return expect_closing(")", "attribute arguments");
}

// expression := conditional
expr_ptr parser::parse_expression()
{
    return parse_conditional();
}

// conditional := binary ['?' expression ':' conditional]
expr_ptr parser::parse_conditional()
{
    auto condition = parse_binary(1);
    if (!condition || !at_punct("?")) {
        return condition;
    }
    nesting guard(*this, peek().location);
    if (!guard.ok()) {
        return nullptr;
    }
    advance();
    auto then = parse_expression();
    if (!then || !expect(":")) {
        return nullptr;
    }
    auto otherwise = parse_conditional();
    if (!otherwise) {
        return nullptr;
    }
    auto e = make_expr(expr_kind::conditional, condition->location);
    e->operands.push_back(std::move(condition));
    e->operands.push_back(std::move(then));
    e->operands.push_back(std::move(otherwise));
    return e;
}

// binary := cast {binary_operator cast}
// Precedence climbing over C's table (binary_operators above), left to right within a level.
expr_ptr parser::parse_binary(int min_precedence)
{
    auto left = parse_cast();
    chain_depth chain(depth_);
    while (left) {
        int precedence = precedence_of(peek());
        if (precedence == 0 || precedence < min_precedence) {
            break;
        }
        const token &op = advance();
        if (!chain.add()) {
            too_deep(op.location);
            return nullptr;
        }
        auto right = parse_binary(precedence + 1);
        if (!right) {
            return nullptr;
        }
        auto e = make_expr(expr_kind::binary, left->location, op.text);
        e->operands.push_back(std::move(left));
        e->operands.push_back(std::move(right));
        left = std::move(e);
    }
    return left;
}

// cast := '(' type_name ')' cast | unary
expr_ptr parser::parse_cast()
{
    nesting guard(*this, peek().location);
    if (!guard.ok()) {
        return nullptr;
    }
    if (!at_cast()) {
        return parse_unary();
    }
    auto open = advance().location;
    auto t = parse_type_name();
    if (!t || !expect(")")) {
        return nullptr;
    }
    auto operand = parse_cast();
    if (!operand) {
        return nullptr;
    }
    auto e = make_expr(expr_kind::cast, open);
    e->type_operand = std::move(t);
    e->operands.push_back(std::move(operand));
    return e;
}

// A '(' starts a cast when a type keyword follows (`(long)`, `(unsigned char *)`), and before a
// plain name only when the parenthesis closes right after it (or after its '*'s) and an operand
// follows that cannot continue a binary expression: `(DWORD)~0`, `(HRESULT)0x80004005L`. With
// no symbol table in the parser, `(N) - 1` stays a subtraction.
bool parser::at_cast() const
{
    const token &first = peek(1);
    if (!at_punct("(") || first.kind != token_kind::identifier || !at_type_start(1)) {
        return false;
    }
    if (contains(type_keywords, first.text)) {
        return true;
    }
    std::size_t close = 2;
    while (at_punct("*", close)) {
        ++close;
    }
    if (!at_punct(")", close)) {
        return false;
    }
    if (close > 2) {
        return true; // `(name *)` is no expression
    }
    const token &next = peek(close + 1);
    switch (next.kind) {
    case token_kind::identifier:
    case token_kind::integer:
    case token_kind::floating:
    case token_kind::character:
    case token_kind::string:
    case token_kind::uuid:
        return true;
    case token_kind::punctuator:
        return next.text == "(" || next.text == "~" || next.text == "!";
    case token_kind::end_of_file:
        break;
    }
    return false;
}

// unary := ('-' | '+' | '~' | '!' | '*' | '&') cast | 'sizeof' '(' type_name ')' | primary
expr_ptr parser::parse_unary()
{
    if (peek().kind == token_kind::punctuator && contains(unary_operators, peek().text)) {
        const token &op = advance();
        auto operand = parse_cast();
        if (!operand) {
            return nullptr;
        }
        auto e = make_expr(expr_kind::unary, op.location, op.text);
        e->operands.push_back(std::move(operand));
        return e;
    }
    if (at_word("sizeof")) {
        auto at = advance().location;
        if (!expect_after("(", "'sizeof'")) {
            return nullptr;
        }
        auto t = parse_type_name();
        if (!t || !expect(")")) {
            return nullptr;
        }
        auto e = make_expr(expr_kind::sizeof_type, at);
        e->type_operand = std::move(t);
        return e;
    }
    return parse_primary();
}

// primary := integer | floating | character | string_literals | uuid | identifier | '(' expression ')'
expr_ptr parser::parse_primary()
{
    const token &t = peek();
    switch (t.kind) {
    case token_kind::integer:
        return parse_integer(advance());
    case token_kind::floating:
        return make_expr(expr_kind::floating, t.location, advance().text);
    case token_kind::character: {
        auto e = make_expr(expr_kind::character, t.location, advance().text);
        auto value = literal_value(t.text);
        e->integer_value = value.empty() ? 0 : static_cast<unsigned char>(value.front());
        return e;
    }
    case token_kind::string:
        return make_expr(expr_kind::string, t.location, read_strings());
    case token_kind::uuid:
        return make_expr(expr_kind::uuid, t.location, advance().text);
    case token_kind::identifier:
        if (!contains(type_keywords, t.text) && at_type_start()) {
            return make_expr(expr_kind::identifier, t.location, advance().text);
        }
        break;
    case token_kind::punctuator:
        if (t.text == "(") {
            advance();
            auto inner = parse_expression();
            if (!inner || !expect(")")) {
                return nullptr;
            }
            inner->parenthesized = true;
            return inner;
        }
        break;
    case token_kind::end_of_file:
        break;
    }
    diags_.report(t.location, diag::err_expected_expression);
    return nullptr;
}

expr_ptr parser::parse_integer(const token &t)
{
    auto e = make_expr(expr_kind::integer, t.location, t.text);
    auto literal = read_integer_literal(t.text);
    e->integer_value = literal.value;
    switch (literal.status) {
    case integer_literal::status::ok:
        break;
    case integer_literal::status::invalid:
        diags_.report(t.location, diag::err_bad_number, t.text);
        break;
    case integer_literal::status::too_large:
        diags_.report(t.location, diag::err_integer_too_large);
        break;
    }
    return e;
}

} // namespace ucom::idl::detail
