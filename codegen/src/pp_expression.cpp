// #if expression evaluation: a recursive-descent parser over C's operator precedence that
// computes as it parses. Values are 64-bit with C's signed/unsigned typing; arithmetic wraps
// (as gcc's does) instead of being undefined, and an operand that C does not evaluate
// (`0 && 1/0`) is parsed without reporting division by zero.
#include "pp_expression.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

namespace ucom::idl {
namespace {

struct pp_value {
    std::uint64_t bits = 0;
    bool is_unsigned = false;

    [[nodiscard]] std::int64_t as_signed() const { return static_cast<std::int64_t>(bits); }
    [[nodiscard]] bool truthy() const { return bits != 0; }
};

pp_value signed_value(std::int64_t v)
{
    return {static_cast<std::uint64_t>(v), false};
}
pp_value truth_value(bool b)
{
    return {b ? 1U : 0U, false};
}

// C's binary operators by precedence, loosest first: the level (1-based) of `t`, 0 if it is
// not one of them.
int precedence_of(const token &t)
{
    static constexpr std::array<std::string_view, 10> levels = {"||",    "&&",        "|",     "^",   "&",
                                                                "== !=", "< > <= >=", "<< >>", "+ -", "* / %"};
    if (t.kind != token_kind::punctuator) {
        return 0;
    }
    for (std::size_t level = 0; level < levels.size(); ++level) {
        std::string_view ops = levels[level];
        while (!ops.empty()) {
            auto space = std::min(ops.find(' '), ops.size());
            if (ops.substr(0, space) == t.text) {
                return static_cast<int>(level) + 1;
            }
            ops.remove_prefix(std::min(space + 1, ops.size()));
        }
    }
    return 0;
}

bool is_operator(const token &t)
{
    return precedence_of(t) != 0 || t.is_punct("?") || t.is_punct(":") || t.is_punct(",");
}

pp_value shift(pp_value value, pp_value count_value, bool left)
{
    // A negative count shifts the other way, a count past the width shifts everything out:
    // what gcc does, where C leaves it undefined.
    std::int64_t count = count_value.is_unsigned
                             ? static_cast<std::int64_t>(std::min<std::uint64_t>(count_value.bits, 64))
                             : count_value.as_signed();
    if (count < 0) {
        left = !left;
        count = count == std::numeric_limits<std::int64_t>::min() ? 64 : -count;
    }
    if (left) {
        return {count >= 64 ? 0 : value.bits << count, value.is_unsigned};
    }
    if (value.is_unsigned) {
        return {count >= 64 ? 0 : value.bits >> count, true};
    }
    if (count >= 64) {
        return signed_value(value.as_signed() < 0 ? -1 : 0);
    }
    return signed_value(value.as_signed() >> count);
}

template <class T>
bool compare(std::string_view op, T a, T b)
{
    if (op == "<") {
        return a < b;
    }
    if (op == ">") {
        return a > b;
    }
    if (op == "<=") {
        return a <= b;
    }
    if (op == ">=") {
        return a >= b;
    }
    return op == "==" ? a == b : a != b;
}

class evaluator {
public:
    evaluator(const std::vector<token> &tokens, const token &directive, diagnostics &diags, std::size_t depth_limit)
        : tokens_(tokens), directive_(directive), diags_(diags), depth_limit_(depth_limit)
    {
    }

    bool run()
    {
        auto value = expression(true);
        if (!failed_ && pos_ < tokens_.size()) {
            trailing(tokens_[pos_]);
        }
        return !failed_ && value.truthy();
    }

private:
    [[nodiscard]] const token *peek() const { return pos_ < tokens_.size() ? &tokens_[pos_] : nullptr; }
    [[nodiscard]] const token *previous() const { return pos_ > 0 ? &tokens_[pos_ - 1] : nullptr; }
    [[nodiscard]] bool at_punct(std::string_view spelling) const
    {
        const auto *t = peek();
        return t != nullptr && t->is_punct(spelling);
    }

    // Only the first problem is reported: the rest of a broken expression says nothing new.
    template <class... Args>
    pp_value fail(source_location at, diag id, const Args &...args)
    {
        if (!failed_) {
            failed_ = true;
            diags_.report(at, id, args...);
        }
        return {};
    }

    // One level of the parse's recursion, held for as long as the level runs.
    class level {
    public:
        explicit level(std::size_t &depth) : depth_(++depth) {}
        ~level() { --depth_; }
        level(const level &) = delete;
        level &operator=(const level &) = delete;

    private:
        std::size_t &depth_;
    };

    [[nodiscard]] bool too_deep() const { return depth_ > depth_limit_; }

    // Reported at the operator or '(' that went past the limit.
    pp_value fail_too_deep(const token &at)
    {
        return fail(at.location, diag::err_pp_expression_too_deep, directive_.text, depth_limit_);
    }

    // expression := conditional (',' conditional)*
    pp_value expression(bool live)
    {
        auto value = conditional(live);
        while (!failed_ && at_punct(",")) {
            ++pos_;
            value = conditional(live);
        }
        return value;
    }

    // conditional := binary ['?' expression ':' conditional]
    pp_value conditional(bool live)
    {
        auto condition = binary(1, live);
        if (failed_ || !at_punct("?")) {
            return condition;
        }
        const auto &question = tokens_[pos_++];
        level guard(depth_);
        if (too_deep()) {
            return fail_too_deep(question);
        }
        auto if_true = expression(live && condition.truthy());
        if (failed_) {
            return {};
        }
        if (!at_punct(":")) {
            return fail(question.location, diag::err_pp_question_without_colon);
        }
        ++pos_;
        auto if_false = conditional(live && !condition.truthy());
        auto result = condition.truthy() ? if_true : if_false;
        result.is_unsigned = if_true.is_unsigned || if_false.is_unsigned;
        return result;
    }

    // binary := unary (operator binary-of-higher-precedence)*, by precedence climbing
    pp_value binary(int min_precedence, bool live)
    {
        auto lhs = unary(live);
        while (!failed_) {
            const auto *op = peek();
            int precedence = op != nullptr ? precedence_of(*op) : 0;
            if (precedence == 0 || precedence < min_precedence) {
                break;
            }
            ++pos_;
            bool rhs_live = live;
            if (op->text == "&&") {
                rhs_live = live && lhs.truthy();
            } else if (op->text == "||") {
                rhs_live = live && !lhs.truthy();
            }
            auto rhs = binary(precedence + 1, rhs_live);
            if (failed_) {
                break;
            }
            lhs = apply(*op, lhs, rhs, live);
        }
        return lhs;
    }

    pp_value apply(const token &op, pp_value l, pp_value r, bool live)
    {
        std::string_view o = op.text;
        if (o == "&&") {
            return truth_value(l.truthy() && r.truthy());
        }
        if (o == "||") {
            return truth_value(l.truthy() || r.truthy());
        }
        if (o == "<<" || o == ">>") {
            return shift(l, r, o == "<<"); // the left operand's type, not the usual conversions
        }
        bool is_unsigned = l.is_unsigned || r.is_unsigned;
        if (o == "<" || o == ">" || o == "<=" || o == ">=" || o == "==" || o == "!=") {
            return truth_value(is_unsigned ? compare(o, l.bits, r.bits) : compare(o, l.as_signed(), r.as_signed()));
        }
        if (o == "/" || o == "%") {
            return divide(op, l, r, live);
        }
        std::uint64_t bits = 0;
        switch (o.front()) {
        case '+':
            bits = l.bits + r.bits;
            break;
        case '-':
            bits = l.bits - r.bits;
            break;
        case '*':
            bits = l.bits * r.bits;
            break;
        case '&':
            bits = l.bits & r.bits;
            break;
        case '|':
            bits = l.bits | r.bits;
            break;
        default:
            bits = l.bits ^ r.bits;
            break;
        }
        return {bits, is_unsigned};
    }

    pp_value divide(const token &op, pp_value l, pp_value r, bool live)
    {
        bool is_unsigned = l.is_unsigned || r.is_unsigned;
        bool remainder = op.text == "%";
        if (r.bits == 0) {
            return live ? fail(op.location, diag::err_pp_division_by_zero) : pp_value{0, is_unsigned};
        }
        if (is_unsigned) {
            return {remainder ? l.bits % r.bits : l.bits / r.bits, true};
        }
        if (r.as_signed() == -1) { // INT64_MIN / -1 overflows: wrap instead
            return remainder ? signed_value(0) : pp_value{0 - l.bits, false};
        }
        return signed_value(remainder ? l.as_signed() % r.as_signed() : l.as_signed() / r.as_signed());
    }

    // unary := ('+' | '-' | '~' | '!') unary | primary
    pp_value unary(bool live)
    {
        const auto *t = peek();
        if (t == nullptr || t->kind != token_kind::punctuator || t->text.size() != 1 ||
            std::string_view("+-~!").find(t->text.front()) == std::string_view::npos) {
            return primary(live);
        }
        ++pos_;
        level guard(depth_);
        if (too_deep()) {
            return fail_too_deep(*t);
        }
        auto v = unary(live);
        switch (t->text.front()) {
        case '-':
            return {0 - v.bits, v.is_unsigned};
        case '~':
            return {~v.bits, v.is_unsigned};
        case '!':
            return truth_value(!v.truthy());
        default:
            return v;
        }
    }

    // primary := integer | character | identifier | '(' expression ')'
    pp_value primary(bool live)
    {
        const auto *t = peek();
        if (t == nullptr || t->is_punct(")") || is_operator(*t)) {
            return missing_operand(t);
        }
        switch (t->kind) {
        case token_kind::integer:
            ++pos_;
            return integer(*t);
        case token_kind::character:
            ++pos_;
            return character(*t);
        case token_kind::identifier:
            ++pos_;
            return {}; // not a macro: C says it counts as 0
        case token_kind::floating:
            return fail(t->location, diag::err_pp_floating_in_expression);
        default:
            break;
        }
        if (!t->is_punct("(")) {
            return fail(t->location, diag::err_pp_invalid_expression_token, t->text);
        }
        ++pos_;
        level guard(depth_);
        if (too_deep()) {
            return fail_too_deep(*t);
        }
        auto value = expression(live);
        if (!failed_ && !at_punct(")")) {
            return fail(t->location, diag::err_pp_missing_rparen);
        }
        ++pos_;
        return value;
    }

    // An operand was expected at `t` (null: the end of the line); say what is missing.
    pp_value missing_operand(const token *t)
    {
        const auto *prev = previous();
        if (t != nullptr && !t->is_punct(")")) {
            return fail(t->location, diag::err_pp_no_left_operand, t->text);
        }
        if (prev == nullptr) {
            return fail(t->location, diag::err_pp_missing_lparen); // t is ')': the line is not empty
        }
        if (prev->is_punct("(")) {
            return t != nullptr ? fail(prev->location, diag::err_pp_empty_parens)
                                : fail(prev->location, diag::err_pp_missing_rparen);
        }
        return fail(prev->location, diag::err_pp_no_right_operand, prev->text);
    }

    // What follows a complete expression can only be a mistake.
    void trailing(const token &t)
    {
        if (t.is_punct(")")) {
            fail(t.location, diag::err_pp_missing_lparen);
        } else if (t.is_punct(":")) {
            fail(t.location, diag::err_pp_colon_without_question);
        } else {
            fail(t.location, diag::err_pp_missing_binary_operator, t.text);
        }
    }

    pp_value integer(const token &t)
    {
        auto literal = read_integer_literal(t.text);
        if (literal.status == integer_literal::status::too_large) {
            return fail(t.location, diag::err_pp_integer_too_large);
        }
        std::uint64_t value = literal.value; // the lexer has rejected malformed spellings
        bool is_unsigned = literal.has_unsigned_suffix;
        // A constant that does not fit intmax_t can only be uintmax_t.
        bool too_big_for_signed = value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        return {value, is_unsigned || too_big_for_signed};
    }

    // A character constant is an int: one char sign-extends (char is signed, as on gcc for
    // x86), several combine big-endian as gcc's multi-character constants do.
    static pp_value character(const token &t)
    {
        auto bytes = literal_value(t.text);
        if (bytes.size() == 1) {
            return signed_value(static_cast<signed char>(bytes.front()));
        }
        std::uint64_t value = 0;
        for (char c : bytes) {
            value = (value << 8U) | static_cast<unsigned char>(c);
        }
        return {value, false};
    }

    const std::vector<token> &tokens_;
    const token &directive_;
    diagnostics &diags_;
    std::size_t depth_limit_;
    std::size_t depth_ = 0;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

} // namespace

bool evaluate_pp_expression(const std::vector<token> &tokens, const token &directive, diagnostics &diags,
                            std::size_t depth_limit)
{
    if (tokens.empty()) {
        diags.report(directive.location, diag::err_pp_no_expression, directive.text);
        return false;
    }
    return evaluator(tokens, directive, diags, depth_limit).run();
}

} // namespace ucom::idl
