// Macro expansion: argument collection, substitution with # and ##, and rescanning through
// a stack of pending tokens. The rules are C's (ISO C 6.10.3); the hide sets are Prosser's.
#include "macro_expander.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "lexer.hpp"

namespace ucom::idl::pp {
namespace {

bool hides(const hideset &set, const std::string &name)
{
    return set && std::binary_search(set->begin(), set->end(), name);
}

hideset unite(const hideset &a, const hideset &b)
{
    if (!a || a == b) {
        return b;
    }
    if (!b) {
        return a;
    }
    std::vector<std::string> merged;
    std::set_union(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(merged));
    return std::make_shared<const std::vector<std::string>>(std::move(merged));
}

hideset intersect(const hideset &a, const hideset &b)
{
    if (!a || !b || a == b) {
        return a && b ? a : nullptr;
    }
    std::vector<std::string> common;
    std::set_intersection(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(common));
    return common.empty() ? nullptr : std::make_shared<const std::vector<std::string>>(std::move(common));
}

hideset only(const std::string &name)
{
    return std::make_shared<const std::vector<std::string>>(1, name);
}

token stringize(const std::vector<pp_token> &arg, const token &name)
{
    std::string text = "\"";
    for (std::size_t i = 0; i < arg.size(); ++i) {
        const auto &t = arg[i].tok;
        if (i > 0 && (t.space_before || t.at_line_start)) {
            text += ' ';
        }
        bool literal = t.kind == token_kind::string || t.kind == token_kind::character;
        for (char c : t.text) {
            if (literal && (c == '"' || c == '\\')) {
                text += '\\';
            }
            text += c;
        }
    }
    text += '"';
    token result;
    result.kind = token_kind::string;
    result.text = std::move(text);
    result.location = name.location;
    return result;
}

// A body token takes the invocation's location, so diagnostics point at the use.
token at_invocation(token t, const token &name)
{
    t.location = name.location;
    t.at_line_start = false;
    return t;
}

void append(std::vector<pp_token> &out, const std::vector<pp_token> &tokens)
{
    out.insert(out.end(), tokens.begin(), tokens.end());
}

} // namespace

std::vector<pp_token> without_hidesets(const std::vector<token> &tokens)
{
    std::vector<pp_token> out;
    out.reserve(tokens.size());
    for (const auto &t : tokens) {
        out.push_back({t, nullptr});
    }
    return out;
}

std::optional<std::size_t> macro::param_index(const token &t) const
{
    if (!function_like || t.kind != token_kind::identifier) {
        return std::nullopt;
    }
    auto found = std::find(params.begin(), params.end(), t.text);
    if (found == params.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(found - params.begin());
}

bool same_definition(const macro &a, const macro &b)
{
    if (a.function_like != b.function_like || a.variadic != b.variadic || a.params != b.params ||
        a.body.size() != b.body.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.body.size(); ++i) {
        const auto &x = a.body[i];
        const auto &y = b.body[i];
        if (x.kind != y.kind || x.text != y.text || (i > 0 && x.space_before != y.space_before)) {
            return false;
        }
    }
    return true;
}

list_source::list_source(gsl::span<const pp_token> tokens, source_location end) : tokens_(tokens)
{
    end_.tok.location = end;
    end_.tok.at_line_start = true;
}

pp_token list_source::next()
{
    return pos_ < tokens_.size() ? tokens_[pos_++] : end_;
}

pp_token expander::next_raw()
{
    if (pending_.empty()) {
        return source_.next();
    }
    auto t = std::move(pending_.back());
    pending_.pop_back();
    return t;
}

void expander::unget(pp_token t)
{
    pending_.push_back(std::move(t));
}

pp_token expander::next_expanded()
{
    while (!ctx_.budget.exhausted()) {
        auto t = next_raw();
        if (t.tok.kind != token_kind::identifier || hides(t.hidden, t.tok.text)) {
            return t;
        }
        auto found = ctx_.macros.find(t.tok.text);
        if (found == ctx_.macros.end()) {
            return t.tok.text == "__FILE__" || t.tok.text == "__LINE__" ? position_macro(std::move(t)) : t;
        }
        auto definition = found->second;
        if (!definition->function_like) {
            if (ctx_.budget.count_expansion(t.tok.location)) {
                push_expansion(substitute(*definition, {}, t.tok), t.tok, unite(t.hidden, only(t.tok.text)));
            }
            continue;
        }
        auto paren = next_raw();
        if (!paren.tok.is_punct("(")) {
            unget(std::move(paren)); // a function-like macro's name alone is no invocation
            return t;
        }
        pp_token rparen;
        auto args = collect_arguments(t.tok, *definition, rparen);
        if (!args || !ctx_.budget.count_expansion(t.tok.location)) {
            continue; // reported; the invocation is dropped
        }
        // Prosser: what hid both the name and the ')' still hides, plus the macro itself.
        auto hidden = unite(intersect(t.hidden, rparen.hidden), only(t.tok.text));
        push_expansion(substitute(*definition, *args, t.tok), t.tok, hidden);
    }
    return {};
}

// __FILE__ and __LINE__ as C's preprocessor has them: the file's name as diagnostics print
// it and the line, where the name stands (inside a macro's body: where the macro was used).
pp_token expander::position_macro(pp_token t) const
{
    const auto where = ctx_.sources.presume(t.tok.location);
    if (t.tok.text == "__LINE__") {
        t.tok.kind = token_kind::integer;
        t.tok.text = std::to_string(where.line);
        return t;
    }
    std::string quoted = "\"";
    for (char c : where.path) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    t.tok.kind = token_kind::string;
    t.tok.text = quoted + '"';
    return t;
}

// Everything up to the matching ')', split at the top-level commas (those of the
// variable arguments stay in __VA_ARGS__).
std::optional<expander::arguments> expander::collect_arguments(const token &name, const macro &definition,
                                                               pp_token &rparen)
{
    arguments args(1);
    int depth = 0;
    while (true) {
        auto t = next_raw();
        if (t.tok.kind == token_kind::end_of_file) {
            if (ctx_.budget.exhausted()) {
                return std::nullopt; // the source stopped early, and has said why
            }
            ctx_.diags.report(name.location, diag::err_pp_unterminated_arguments, name.text);
            unget(std::move(t));
            return std::nullopt;
        }
        if (depth == 0 && t.tok.is_punct(")")) {
            rparen = std::move(t);
            break;
        }
        bool in_variadic = definition.variadic && args.size() == definition.params.size();
        if (depth == 0 && t.tok.is_punct(",") && !in_variadic) {
            args.emplace_back();
            continue;
        }
        if (t.tok.is_punct("(")) {
            ++depth;
        } else if (t.tok.is_punct(")")) {
            --depth;
        }
        // Paid because an argument is copied again at each level of F(F(F(…))), so that the
        // copies, not only the results, are held to the output limit.
        if (!ctx_.budget.charge_output(t.tok.text.size() + 1, name.location)) {
            return std::nullopt;
        }
        args.back().push_back(std::move(t));
    }
    return check_argument_count(name, definition, std::move(args));
}

std::optional<expander::arguments> expander::check_argument_count(const token &name, const macro &definition,
                                                                  arguments args)
{
    auto wanted = definition.params.size();
    if (wanted == 0 && args.size() == 1 && args.front().empty()) {
        args.clear(); // F() invokes a macro without parameters
    }
    if (definition.variadic && args.size() + 1 == wanted) {
        args.emplace_back(); // no variable arguments at all
    }
    if (args.size() < wanted) {
        ctx_.diags.report(name.location, diag::err_pp_too_few_arguments, name.text, wanted, args.size());
        return std::nullopt;
    }
    if (args.size() > wanted) {
        ctx_.diags.report(name.location, diag::err_pp_too_many_arguments, name.text, args.size(), wanted);
        return std::nullopt;
    }
    return args;
}

// The body with parameters replaced: operands of # and ## by their argument as written,
// other parameters by their argument fully expanded on its own.
std::vector<pp_token> expander::substitute(const macro &definition, const arguments &args, const token &name)
{
    const auto &body = definition.body;
    std::vector<pp_token> out;
    bool placemarker = false; // the last ## operand was an empty argument
    std::size_t charged = 0;  // out[0, charged) is paid for
    // Paid as it grows, so that a body that copies a large argument many times stops at the
    // limit instead of after it has filled memory.
    auto pay = [&] {
        std::uint64_t bytes = 0;
        charged = std::min(charged, out.size()); // a paste may have taken the last one back
        for (; charged < out.size(); ++charged) {
            bytes += out[charged].tok.text.size() + 1;
        }
        return ctx_.budget.charge_output(bytes, name.location);
    };
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (!pay()) {
            return {};
        }
        const auto &t = body[i];
        if (auto close = va_opt_end(definition, i)) {
            // C23's and C++20's __VA_OPT__(…): its tokens, substituted, when the variable
            // arguments have any; nothing otherwise.
            if (!args.back().empty()) {
                macro inner = definition;
                inner.body.assign(body.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                                  body.begin() + static_cast<std::ptrdiff_t>(*close));
                append(out, substitute(inner, args, name));
            }
            i = *close;
            placemarker = false;
            continue;
        }
        auto param = definition.param_index(t);
        bool pasted_next = i + 1 < body.size() && body[i + 1].is_punct("##");
        if (definition.function_like && t.is_punct("#")) {
            // #define made sure a parameter follows
            out.push_back({stringize(args[*definition.param_index(body[++i])], name), nullptr});
        } else if (t.is_punct("##")) {
            paste_operand(out, definition, args, body[++i], name, placemarker);
            continue;
        } else if (param && pasted_next) {
            append(out, args[*param]);
            placemarker = args[*param].empty();
            continue;
        } else if (param) {
            auto expanded = expand_argument(args[*param], name);
            if (!expanded.empty()) {
                expanded.front().tok.space_before = t.space_before;
            }
            append(out, expanded);
        } else {
            out.push_back({at_invocation(t, name), nullptr});
        }
        placemarker = false;
    }
    return pay() ? out : std::vector<pp_token>{};
}

// Where the ')' of a `__VA_OPT__(` at body[at] of a variadic macro is.
std::optional<std::size_t> expander::va_opt_end(const macro &definition, std::size_t at)
{
    const auto &body = definition.body;
    if (!definition.variadic || !body[at].is_identifier("__VA_OPT__") || at + 1 >= body.size() ||
        !body[at + 1].is_punct("(")) {
        return std::nullopt;
    }
    int depth = 0;
    for (std::size_t i = at + 1; i < body.size(); ++i) {
        depth += body[i].is_punct("(") ? 1 : (body[i].is_punct(")") ? -1 : 0);
        if (depth == 0) {
            return i;
        }
    }
    return std::nullopt; // unbalanced: left as written
}

void expander::paste_operand(std::vector<pp_token> &out, const macro &definition, const arguments &args,
                             const token &rhs, const token &name, bool &placemarker)
{
    auto param = definition.param_index(rhs);
    auto operand = param ? args[*param] : std::vector<pp_token>{{at_invocation(rhs, name), nullptr}};
    bool gnu_comma = param && definition.variadic && *param + 1 == definition.params.size() && !placemarker &&
                     !out.empty() && out.back().tok.is_punct(",");
    if (gnu_comma) {
        // gcc's `, ## __VA_ARGS__`: the comma goes when there are no variable arguments,
        // and is not pasted to them when there are.
        if (operand.empty()) {
            out.pop_back();
        }
        append(out, operand);
        placemarker = false;
        return;
    }
    if (placemarker || out.empty()) {
        append(out, operand);
        placemarker = operand.empty();
        return;
    }
    placemarker = false;
    if (operand.empty()) {
        return; // x ## <nothing> is x
    }
    auto lhs = std::move(out.back());
    out.pop_back();
    if (auto pasted = paste(lhs, operand.front(), name)) {
        out.push_back(std::move(*pasted));
    } else {
        out.push_back(std::move(lhs));
        out.push_back(operand.front());
    }
    out.insert(out.end(), std::next(operand.begin()), operand.end());
}

std::optional<pp_token> expander::paste(const pp_token &lhs, const pp_token &rhs, const token &name)
{
    auto spelling = lhs.tok.text + rhs.tok.text;
    auto [entry, fresh] = ctx_.pastes.try_emplace(spelling);
    if (fresh) {
        entry->second = lex_one_token(spelling);
    }
    if (!entry->second) {
        ctx_.diags.report(name.location, diag::err_pp_bad_paste, lhs.tok.text, rhs.tok.text);
        return std::nullopt;
    }
    auto result = *entry->second;
    result.location = name.location;
    result.space_before = lhs.tok.space_before;
    result.at_line_start = false;
    return pp_token{std::move(result), intersect(lhs.hidden, rhs.hidden)};
}

// The one token `spelling` lexes to, if it is exactly one valid token. The lexer works on
// files, so the spelling becomes a buffer; no token keeps a location in it.
std::optional<token> expander::lex_one_token(const std::string &spelling)
{
    auto file = ctx_.sources.add_buffer("<paste>", spelling);
    diagnostics quiet;
    auto tokens = lex(ctx_.sources, file, quiet);
    if (tokens.size() != 2 || !quiet.all().empty() || tokens.front().text != spelling) {
        return std::nullopt;
    }
    return tokens.front();
}

std::vector<pp_token> expander::expand_argument(const std::vector<pp_token> &arg, const token &name)
{
    // Each level of F(G(H(x))) expands its argument in a frame of its own: bounded, so that
    // deep nesting is an error and not a stack overflow.
    struct argument_level {
        pp_budget &budget;
        ~argument_level() { budget.leave_argument(); }
    } level{ctx_.budget};
    if (!ctx_.budget.enter_argument(name.location)) {
        return {};
    }
    list_source source(arg, arg.empty() ? source_location{} : arg.back().tok.location);
    expander inner(ctx_, source);
    std::vector<pp_token> out;
    for (auto t = inner.next_expanded(); t.tok.kind != token_kind::end_of_file; t = inner.next_expanded()) {
        out.push_back(std::move(t));
    }
    return out;
}

void expander::push_expansion(std::vector<pp_token> tokens, const token &name, const hideset &hidden)
{
    // The tokens of one argument share a hide set, so each run of them is united once.
    hideset last_in;
    hideset last_out = hidden;
    for (auto &t : tokens) {
        if (t.hidden != last_in) {
            last_in = t.hidden;
            last_out = unite(t.hidden, hidden);
        }
        t.hidden = last_out;
    }
    if (!tokens.empty()) {
        tokens.front().tok.space_before = name.space_before;
        tokens.front().tok.at_line_start = name.at_line_start;
    }
    pending_.insert(pending_.end(), std::make_move_iterator(tokens.rbegin()), std::make_move_iterator(tokens.rend()));
}

} // namespace ucom::idl::pp
