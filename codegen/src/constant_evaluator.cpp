// Integer constant expressions in 64-bit two's complement (see constant_evaluator.hpp).
#include "constant_evaluator.hpp"

#include <cstdint>

#include "builtin_types.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

// Two's complement arithmetic without signed overflow (undefined behaviour in C++).
std::int64_t wrap(std::uint64_t v)
{
    return static_cast<std::int64_t>(v);
}
std::uint64_t bits(std::int64_t v)
{
    return static_cast<std::uint64_t>(v);
}

} // namespace

std::optional<std::int64_t> constant_evaluator::evaluate(expr &e)
{
    std::optional<std::int64_t> result;
    switch (e.kind) {
    case expr_kind::integer:
    case expr_kind::character:
        result = wrap(e.integer_value);
        break;
    case expr_kind::identifier:
        result = identifier(e);
        break;
    case expr_kind::unary:
        result = unary(e);
        break;
    case expr_kind::binary:
        result = binary(e);
        break;
    case expr_kind::conditional: {
        if (e.operands.size() != 3 || !e.operands[0] || !e.operands[1] || !e.operands[2]) {
            break;
        }
        auto condition = evaluate(*e.operands[0]);
        auto yes = evaluate(*e.operands[1]);
        auto no = evaluate(*e.operands[2]);
        if (condition && yes && no) {
            result = *condition != 0 ? yes : no;
        }
        break;
    }
    case expr_kind::cast:
        if (!e.operands.empty() && e.operands[0]) {
            result = evaluate(*e.operands[0]);
            if (result && e.type_operand) {
                result = convert(*result, *e.type_operand);
            }
        }
        break;
    case expr_kind::sizeof_type:
        result = size_of(e);
        break;
    case expr_kind::floating:
    case expr_kind::string:
    case expr_kind::uuid:
        diags_.report(e.location, diag::err_not_integer_constant);
        break;
    }
    e.value = result;
    return result;
}

// What C's conversion to an integer type does to a value: keep the type's width, then
// sign-extend a signed type. Only builtin types convert; others leave the value as is.
std::int64_t constant_evaluator::convert(std::int64_t value, const type &to)
{
    const auto &t = underlying(to);
    if (t.kind != type_kind::builtin) {
        return value;
    }
    unsigned width = narrow_integer_bits(t);
    if (width == 0) {
        return value;
    }
    bool is_unsigned = t.is_unsigned || info(t.builtin).always_unsigned;
    auto mask = (std::uint64_t{1} << width) - 1U;
    auto low = bits(value) & mask;
    if (!is_unsigned && (low >> (width - 1U)) != 0) {
        low |= ~mask; // sign-extend
    }
    return wrap(low);
}

// sizeof of what has one size on every target ucom supports (LP64: pointers are 8 bytes).
// Struct layouts are the C compiler's business, so sizeof of one is refused, not guessed.
std::optional<std::int64_t> constant_evaluator::size_of(const expr &e)
{
    if (!e.type_operand) {
        return std::nullopt;
    }
    const auto &t = underlying(*e.type_operand);
    if (t.kind == type_kind::pointer) {
        return 8;
    }
    if (const auto *target = named_aggregate(t); target != nullptr && target->kind == decl_kind::enum_) {
        return 4;
    }
    if (t.kind == type_kind::builtin && t.builtin != builtin_type::void_) {
        return static_cast<std::int64_t>(builtin_size(t.builtin));
    }
    diags_.report(e.location, diag::err_sizeof_aggregate, declaration(dialect::idl, *e.type_operand));
    return std::nullopt;
}

// Whether the constant `e` names may be evaluated inside the current one: false (reported
// at the reference) when that would go past max_reference_depth.
bool constant_evaluator::may_go_deeper(const expr &e)
{
    if (reference_depth_ < max_reference_depth) {
        return true;
    }
    diags_.report(e.location, diag::err_constant_chain_too_deep, e.text, max_reference_depth);
    return false;
}

std::optional<std::int64_t> constant_evaluator::identifier(const expr &e)
{
    if (auto it = symbols_.enumerators.find(e.text); it != symbols_.enumerators.end()) {
        auto &owner = *it->second.owner;
        auto done = enum_progress_.find(&owner);
        if (done == enum_progress_.end()) {
            if (!may_go_deeper(e)) {
                return std::nullopt;
            }
            ++reference_depth_;
            evaluate_enum(owner);
            --reference_depth_;
            done = enum_progress_.find(&owner);
        }
        if (it->second.index >= done->second) {
            diags_.report(e.location, diag::err_constant_cycle, e.text);
            return std::nullopt;
        }
        return owner.enumerators[it->second.index].resolved_value;
    }
    auto *target = symbols_.find_ordinary(e.text);
    if (target == nullptr && (e.text == "TRUE" || e.text == "FALSE")) {
        return e.text == "TRUE" ? 1 : 0; // MIDL's keywords (imnxport.idl's `const boolean X = TRUE;`)
    }
    if (target == nullptr) {
        diags_.report(e.location, diag::err_undeclared_identifier, e.text);
        return std::nullopt;
    }
    auto *c = as<const_decl>(target);
    if (c == nullptr) {
        diags_.report(e.location, diag::err_not_a_constant, e.text);
        return std::nullopt;
    }
    if (in_progress_.contains(c)) {
        diags_.report(e.location, diag::err_constant_cycle, e.text);
        return std::nullopt;
    }
    if (!evaluated_.contains(c) && !may_go_deeper(e)) {
        return std::nullopt;
    }
    ++reference_depth_;
    auto value = evaluate_const(*c);
    --reference_depth_;
    if (!value && c->value &&
        (c->value->kind == expr_kind::string || c->value->kind == expr_kind::floating || (c->type && is_floating(*c->type)))) {
        diags_.report(e.location, diag::err_not_integer_constant);
    }
    return value;
}

void constant_evaluator::check_floating(const expr &e)
{
    const auto operand = [&](std::size_t i) {
        if (i < e.operands.size() && e.operands[i]) {
            check_floating(*e.operands[i]);
        }
    };
    switch (e.kind) {
    case expr_kind::integer:
    case expr_kind::floating:
        return;
    case expr_kind::unary:
        if (e.text == "-" || e.text == "+") {
            operand(0);
            return;
        }
        break;
    case expr_kind::binary:
        if (e.text == "+" || e.text == "-" || e.text == "*" || e.text == "/") {
            operand(0);
            operand(1);
            return;
        }
        break;
    case expr_kind::identifier:
        if (const auto *c = as<const_decl>(symbols_.find_ordinary(e.text));
            c != nullptr && c->value && c->value->kind != expr_kind::string && c->type && !is_pointer_like(*c->type)) {
            return;
        }
        break;
    default:
        break;
    }
    diags_.report(e.location, diag::err_not_floating_constant);
}

std::optional<std::int64_t> constant_evaluator::unary(expr &e)
{
    if (e.operands.empty() || !e.operands[0]) {
        return std::nullopt;
    }
    if (e.text == "*" || e.text == "&") {
        diags_.report(e.location, diag::err_not_integer_constant);
        return std::nullopt;
    }
    auto v = evaluate(*e.operands[0]);
    if (!v) {
        return std::nullopt;
    }
    if (e.text == "-") {
        return wrap(0U - bits(*v));
    }
    if (e.text == "~") {
        return wrap(~bits(*v));
    }
    if (e.text == "!") {
        return *v == 0 ? 1 : 0;
    }
    return v; // unary +
}

std::optional<std::int64_t> constant_evaluator::binary(expr &e)
{
    if (e.operands.size() != 2 || !e.operands[0] || !e.operands[1]) {
        return std::nullopt;
    }
    auto lhs = evaluate(*e.operands[0]);
    auto rhs = evaluate(*e.operands[1]);
    if (!lhs || !rhs) {
        return std::nullopt;
    }
    std::int64_t a = *lhs;
    std::int64_t b = *rhs;
    const auto &op = e.text;
    if (op == "/" || op == "%") {
        if (b == 0) {
            diags_.report(e.location, diag::err_division_by_zero);
            return std::nullopt;
        }
        if (b == -1) { // INT64_MIN / -1 overflows; the wrapped result is what MIDL computes
            return op == "/" ? wrap(0U - bits(a)) : 0;
        }
        return op == "/" ? a / b : a % b;
    }
    if (op == "<<" || op == ">>") {
        if (b < 0 || b > 63) {
            diags_.report(e.location, diag::err_shift_out_of_range, b);
            return std::nullopt;
        }
        auto shift = static_cast<unsigned>(b);
        return op == "<<" ? wrap(bits(a) << shift) : (a >> shift);
    }
    if (op == "+" || op == "-" || op == "*") {
        std::int64_t result = 0;
        bool overflow = op == "+"   ? __builtin_add_overflow(a, b, &result)
                        : op == "-" ? __builtin_sub_overflow(a, b, &result)
                                    : __builtin_mul_overflow(a, b, &result);
        if (overflow) {
            diags_.report(e.location, diag::err_constant_overflow);
            return std::nullopt;
        }
        return result;
    }
    if (op == "&")
        return wrap(bits(a) & bits(b));
    if (op == "|")
        return wrap(bits(a) | bits(b));
    if (op == "^")
        return wrap(bits(a) ^ bits(b));
    if (op == "&&")
        return (a != 0 && b != 0) ? 1 : 0;
    if (op == "||")
        return (a != 0 || b != 0) ? 1 : 0;
    if (op == "<")
        return a < b ? 1 : 0;
    if (op == ">")
        return a > b ? 1 : 0;
    if (op == "<=")
        return a <= b ? 1 : 0;
    if (op == ">=")
        return a >= b ? 1 : 0;
    if (op == "==")
        return a == b ? 1 : 0;
    if (op == "!=")
        return a != b ? 1 : 0;
    diags_.report(e.location, diag::err_not_integer_constant);
    return std::nullopt;
}

void constant_evaluator::evaluate_enum(enum_decl &e)
{
    if (enum_progress_.contains(&e)) {
        return;
    }
    auto &done = enum_progress_[&e];
    std::int64_t next = 0;
    for (std::size_t i = 0; i < e.enumerators.size(); ++i) {
        auto &item = e.enumerators[i];
        if (item.value) {
            if (auto v = evaluate(*item.value)) {
                next = *v;
            }
        }
        item.resolved_value = next;
        if (next < INT32_MIN || next > UINT32_MAX) {
            diags_.report(item.location, diag::err_enumerator_range, item.name, next);
        }
        item.c_value = static_cast<std::int32_t>(static_cast<std::uint32_t>(bits(next)));
        next = wrap(bits(next) + 1U);
        done = i + 1; // std::map keeps references valid while evaluate() inserts other enums
    }
}

std::optional<std::int64_t> constant_evaluator::evaluate_const(const_decl &c)
{
    if (!c.value) {
        return std::nullopt;
    }
    if (c.value->value || evaluated_.contains(&c)) {
        return c.value->value; // evaluated before (errors, if any, reported then)
    }
    if (c.value->kind == expr_kind::string || c.value->kind == expr_kind::floating) {
        return std::nullopt;
    }
    if (c.type && is_floating(*c.type)) {
        if (evaluated_.insert(&c).second) {
            check_floating(*c.value);
        }
        return std::nullopt;
    }
    in_progress_.insert(&c);
    auto value = evaluate(*c.value);
    in_progress_.erase(&c);
    evaluated_.insert(&c);
    return value;
}

// A constant's value must suit its declared type: an integer that fits its size (as a
// signed or an unsigned number, since C headers write both `-1` and `0xFFFFFFFF`), a
// string for a character pointer, or a number cast to a pointer (objidlbase.idl's
// `const OLECHAR *COLE_DEFAULT_PRINCIPAL = (OLECHAR *)-1;`).
void constant_evaluator::check_fits_type(const const_decl &c, std::optional<std::int64_t> value)
{
    const auto &t = underlying(*c.type);
    auto spelled = declaration(dialect::idl, *c.type);
    bool is_string = c.value->kind == expr_kind::string;
    const type *target = pointee(t);
    bool wants_string = target != nullptr && is_character(*target);
    bool pointer_cast =
        c.value->kind == expr_kind::cast && c.value->type_operand && is_pointer_like(*c.value->type_operand);
    if (is_string != wants_string && !(wants_string && pointer_cast)) {
        diags_.report(c.value->location, diag::err_constant_kind, c.name, spelled, is_string ? "a string" : "a number");
        return;
    }
    if (!value || t.kind != type_kind::builtin) {
        return;
    }
    auto bits = narrow_integer_bits(t);
    if (bits == 0) {
        return; // 64-bit and floating types take any value the evaluator produces
    }
    auto lowest = -(std::int64_t{1} << (bits - 1U));
    auto highest = (std::int64_t{1} << bits) - 1;
    if (*value < lowest || *value > highest) {
        diags_.report(c.value->location, diag::err_constant_out_of_range, *value, c.name, spelled);
    }
}

} // namespace ucom::idl
