// Macro expansion, the half of the preprocess stage that preprocessor.cpp's directives feed:
// definitions, and an expander that replaces invocations by C's rules (arguments expanded
// first, # and ##, rescanning). Recursion is stopped with Prosser's hide sets: a token carries
// the names of the macros it came out of, and is never expanded by one of them again.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <gsl/span>

#include "diagnostics.hpp"
#include "pp_budget.hpp"
#include "source_manager.hpp"
#include "token.hpp"

namespace ucom::idl::pp {

// Immutable and shared: most tokens have none (null), and all the tokens of one expansion
// share its set, so copying a token does not copy its hide set.
using hideset = std::shared_ptr<const std::vector<std::string>>;

struct pp_token {
    token tok;
    hideset hidden;
};

std::vector<pp_token> without_hidesets(const std::vector<token> &tokens);

struct macro {
    bool function_like = false;
    bool variadic = false; // the last parameter is then __VA_ARGS__
    std::vector<std::string> params;
    std::vector<token> body;
    source_location defined_at; // invalid for the predefined ones

    [[nodiscard]] std::optional<std::size_t> param_index(const token &t) const;
};

// C's rule for a benign redefinition: same parameters, same tokens, same whitespace between.
bool same_definition(const macro &a, const macro &b);

// Shared by the expanders of one preprocess() call. A definition is held by shared_ptr so
// that an expansion in progress keeps it even if a directive in its arguments #undefs it.
struct pp_context {
    source_manager &sources;
    diagnostics &diags;
    pp_budget &budget; // once exhausted, expanders hand out only end_of_file
    std::unordered_map<std::string, std::shared_ptr<const macro>> macros;
    std::map<std::string, std::optional<token>, std::less<>> pastes; // each ## spelling, lexed once
};

class token_source {
public:
    token_source() = default;
    token_source(const token_source &) = delete;
    token_source &operator=(const token_source &) = delete;
    virtual ~token_source() = default;
    // The next token (directives already run); end_of_file at the end, as often as asked.
    virtual pp_token next() = 0;
};

// A fixed run of tokens that the caller keeps alive: one directive's line, or one macro
// argument. Not a copy, because F(F(F(…))) would otherwise hold each argument twice per level.
class list_source final : public token_source {
public:
    list_source(gsl::span<const pp_token> tokens, source_location end);
    pp_token next() override;

private:
    gsl::span<const pp_token> tokens_;
    std::size_t pos_ = 0;
    pp_token end_;
};

// Macro expansion over one token source. An expansion's tokens go onto a stack of pending
// tokens in front of the source and are scanned again from there, as C's rescanning asks.
class expander {
public:
    expander(pp_context &ctx, token_source &source) : ctx_(ctx), source_(source) {}

    // The next token as the source (or a pending expansion) has it, not expanded.
    pp_token next_raw();
    void unget(pp_token t);
    // The next token after macro expansion; end_of_file when the source has ended (or the
    // budget is exhausted).
    pp_token next_expanded();

private:
    using arguments = std::vector<std::vector<pp_token>>;

    std::optional<arguments> collect_arguments(const token &name, const macro &definition, pp_token &rparen);
    [[nodiscard]] pp_token position_macro(pp_token t) const;
    static std::optional<std::size_t> va_opt_end(const macro &definition, std::size_t at);
    std::optional<arguments> check_argument_count(const token &name, const macro &definition, arguments args);
    std::vector<pp_token> substitute(const macro &definition, const arguments &args, const token &name);
    void paste_operand(std::vector<pp_token> &out, const macro &definition, const arguments &args, const token &rhs,
                       const token &name, bool &placemarker);
    std::optional<pp_token> paste(const pp_token &lhs, const pp_token &rhs, const token &name);
    std::optional<token> lex_one_token(const std::string &spelling);
    std::vector<pp_token> expand_argument(const std::vector<pp_token> &arg, const token &name);
    void push_expansion(std::vector<pp_token> tokens, const token &name, const hideset &hidden);

    pp_context &ctx_;
    token_source &source_;
    std::vector<pp_token> pending_; // the next token last
};

} // namespace ucom::idl::pp
