// Preprocess stage: reads each file's tokens and runs the directives (#include, #define,
// conditionals, …); every other token of an active group goes through the macro expander
// (macro_expander.hpp), and what comes out is the stream the parser reads.
#include "preprocessor.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <utility>

#include "lexer.hpp"
#include "macro_expander.hpp"
#include "pp_expression.hpp"

namespace ucom::idl {
namespace pp {
namespace {

// Spellings joined by one space where the source had any: the text of #error and #warning.
std::string spell(const std::vector<token> &tokens)
{
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0 && (tokens[i].space_before || tokens[i].at_line_start)) {
            out += ' ';
        }
        out += tokens[i].text;
    }
    return out;
}

source_location end_of(const token &directive, const std::vector<token> &line)
{
    return line.empty() ? directive.location : line.back().location;
}

// Reads the files' tokens, runs the directives (only those at the start of a line in a file,
// never one made by a macro) and hands every other token of an active group on.
class directive_runner final : public token_source {
public:
    directive_runner(pp_context &ctx, const preprocessor_options &options) : ctx_(ctx), options_(options) {}

    std::vector<token> run(file_id main)
    {
        define_builtin("__midl", "501");
        define_builtin("__UCOM_IDL__", "1");
        // Wine's SDK headers take their IDL branches under __WIDL__ (basetsd.h's C branch
        // has `long long`): the language ucom-idl reads is widl's (docs/idl.md).
        define_builtin("__WIDL__", "1");
        for (const auto &[name, value] : options_.defines) {
            define_from_command_line(name, value);
        }
        enter_file(main, {main, 0});
        main_end_ = frames_.front().tokens->back();
        expander top(ctx_, *this);
        std::vector<token> out;
        // As many as the main file has, to start with: an IDL file's output is mostly its own
        // tokens (imports are read apart), and growing the vector from empty would hold it
        // about twice over at its largest.
        out.reserve(frames_.front().tokens->size());
        for (auto t = top.next_expanded(); t.tok.kind != token_kind::end_of_file; t = top.next_expanded()) {
            out.push_back(std::move(t.tok));
        }
        if (ctx_.budget.exhausted()) {
            out.clear(); // a file cut off anywhere would only add errors that follow from the cut
        }
        out.push_back(main_end_);
        return out;
    }

    pp_token next() override
    {
        while (!ctx_.diags.should_stop() && !ctx_.budget.exhausted()) {
            auto &f = frames_.back();
            const auto &t = (*f.tokens)[f.pos];
            if (t.kind == token_kind::end_of_file) {
                close_conditionals(f.conditionals_base);
                report_lexical_diagnostics(f.file);
                if (frames_.size() == 1) {
                    break;
                }
                frames_.pop_back();
                continue;
            }
            ++f.pos;
            if (t.at_line_start && t.is_punct("#")) {
                run_directive(t);
                continue;
            }
            return {t, nullptr};
        }
        return {main_end_, nullptr};
    }

private:
    struct frame {
        file_id file = 0;
        const std::vector<token> *tokens = nullptr;
        std::size_t pos = 0;
        std::size_t conditionals_base = 0; // conditionals_ opened before this file
    };

    struct conditional {
        token directive;    // the #if, #ifdef or #ifndef that opened it
        bool taken = false; // one of its groups is (or was) the active one
        bool seen_else = false;
    };

    struct header_name {
        std::string name;
        bool angled = false;
        source_location location;
    };

    // A file's tokens, and the lexer's diagnostics held back until the file has been read
    // once: C does not look at the text of a skipped group (`#if 0` around prose with an
    // apostrophe), so what the lexer found there is dropped, not reported.
    struct lexed_file {
        std::vector<token> tokens;
        std::vector<diagnostic> held;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> skipped; // byte ranges
        bool reported = false;
    };

    // Reads `file` from its first token; `at` is the #include that asks for it (the file's
    // start for the main file), where going over the output limit is reported.
    void enter_file(file_id file, source_location at)
    {
        // Lexed once: a file included twice reports its lexical errors once.
        auto found = lexed_.find(file);
        if (found == lexed_.end()) {
            diagnostics lexical;
            lexed_file lexed;
            lexed.tokens = lex(ctx_.sources, file, lexical);
            lexed.held = lexical.all();
            found = lexed_.emplace(file, std::move(lexed)).first;
        }
        frames_.push_back({file, &found->second.tokens, 0, conditionals_.size()});
        ctx_.budget.read_file(file, ctx_.sources.text(file).size(), at); // over it, next() stops
    }

    void report_lexical_diagnostics(file_id file)
    {
        auto &lexed = lexed_.at(file);
        if (lexed.reported) {
            return;
        }
        lexed.reported = true;
        for (const auto &d : lexed.held) {
            bool skipped = std::any_of(lexed.skipped.begin(), lexed.skipped.end(), [&](const auto &range) {
                return d.location.offset >= range.first && d.location.offset < range.second;
            });
            // An unterminated comment swallows the rest of the file, #endif included: always said.
            if (!skipped || d.id == diag::err_unterminated_comment) {
                ctx_.diags.report_again(d);
            }
        }
    }

    std::vector<token> rest_of_line()
    {
        auto &f = frames_.back();
        std::vector<token> line;
        while (!(*f.tokens)[f.pos].at_line_start) {
            line.push_back((*f.tokens)[f.pos++]);
        }
        return line;
    }

    void run_directive(const token &hash)
    {
        auto &f = frames_.back();
        const auto &name = (*f.tokens)[f.pos];
        if (name.at_line_start) {
            return; // `#` alone on its line: the null directive
        }
        ++f.pos;
        auto line = rest_of_line();
        if (name.kind == token_kind::integer) {
            return; // `# 12 "file"`, a line marker: ignored as #line is
        }
        const std::string_view d = name.kind == token_kind::identifier ? name.text : std::string_view();
        if (d == "define") {
            define_directive(name, line);
        } else if (d == "undef") {
            undef_directive(name, line);
        } else if (d == "include" || d == "include_next") {
            include_directive(hash, name, line);
        } else if (d == "if") {
            open_conditional(name, evaluate(name, line));
        } else if (d == "ifdef" || d == "ifndef") {
            auto defined = is_defined(name, line);
            open_conditional(name, defined && *defined == (d == "ifdef"));
        } else if (d == "elif") {
            elif_directive(name, line);
        } else if (d == "else") {
            else_directive(name, line);
        } else if (d == "endif") {
            endif_directive(name, line);
        } else if (d == "pragma") {
            pragma_directive(line);
        } else if (d == "error") {
            ctx_.diags.report(name.location, diag::err_pp_error_directive, spell(line));
        } else if (d == "warning") {
            ctx_.diags.report(name.location, diag::warn_pp_warning_directive, spell(line));
        } else if (d == "line") {
            // Accepted and ignored: diagnostics keep pointing at the real file and line, which
            // is what a person editing the IDL wants.
        } else {
            ctx_.diags.report(name.location, diag::err_pp_invalid_directive, name.text);
        }
    }

    void warn_extra_tokens(const token &directive, const std::vector<token> &line, std::size_t used)
    {
        if (line.size() > used) {
            ctx_.diags.report(line[used].location, diag::warn_pp_extra_tokens, directive.text);
        }
    }

    // #define, #undef and #ifdef: the name must be an identifier other than `defined`.
    bool check_macro_name(const token &directive, const std::vector<token> &line)
    {
        if (line.empty()) {
            ctx_.diags.report(directive.location, diag::err_pp_no_macro_name, directive.text);
            return false;
        }
        if (line.front().kind != token_kind::identifier) {
            ctx_.diags.report(line.front().location, diag::err_pp_macro_name_not_identifier);
            return false;
        }
        if (line.front().text == "defined") {
            ctx_.diags.report(line.front().location, diag::err_pp_defined_as_macro_name);
            return false;
        }
        return true;
    }

    // #define NAME body | #define NAME(params) body, where `(` touches the name
    void define_directive(const token &directive, const std::vector<token> &line)
    {
        if (!check_macro_name(directive, line)) {
            return;
        }
        macro definition;
        definition.defined_at = line.front().location;
        std::size_t body_start = 1;
        if (line.size() > 1 && line[1].is_punct("(") && !line[1].space_before) {
            definition.function_like = true;
            auto end = parse_parameters(line, definition);
            if (!end) {
                return;
            }
            body_start = *end;
        }
        definition.body.assign(line.begin() + static_cast<std::ptrdiff_t>(body_start), line.end());
        if (!definition.body.empty()) {
            definition.body.front().space_before = false; // not part of the definition
        }
        if (check_body(definition)) {
            define(line.front().text, std::move(definition));
        }
    }

    // params := ')' | (identifier ',')* (identifier | '...') ')'; returns where the body starts.
    std::optional<std::size_t> parse_parameters(const std::vector<token> &line, macro &definition)
    {
        const auto &open = line[1];
        std::size_t i = 2;
        if (i < line.size() && line[i].is_punct(")")) {
            return i + 1;
        }
        while (i < line.size()) {
            const auto &t = line[i++];
            if (t.is_punct("...")) {
                definition.variadic = true;
                definition.params.emplace_back("__VA_ARGS__");
                if (i < line.size() && line[i].is_punct(")")) {
                    return i + 1;
                }
                ctx_.diags.report(t.location, diag::err_pp_expected_paren_after_ellipsis);
                return std::nullopt;
            }
            if (t.kind != token_kind::identifier) {
                ctx_.diags.report(t.location, diag::err_pp_expected_parameter, t.text);
                return std::nullopt;
            }
            if (definition.param_index(t)) {
                ctx_.diags.report(t.location, diag::err_pp_duplicate_parameter, t.text);
                return std::nullopt;
            }
            definition.params.push_back(t.text);
            if (i >= line.size()) {
                break;
            }
            const auto &separator = line[i++];
            if (separator.is_punct(")")) {
                return i;
            }
            if (!separator.is_punct(",")) {
                ctx_.diags.report(separator.location, diag::err_pp_expected_comma_in_parameters, separator.text);
                return std::nullopt;
            }
        }
        ctx_.diags.report(open.location, diag::err_pp_missing_paren_in_parameters);
        return std::nullopt;
    }

    bool check_body(const macro &definition)
    {
        const auto &body = definition.body;
        if (!body.empty() && (body.front().is_punct("##") || body.back().is_punct("##"))) {
            auto at = body.front().is_punct("##") ? body.front().location : body.back().location;
            ctx_.diags.report(at, diag::err_pp_paste_at_edge);
            return false;
        }
        for (std::size_t i = 0; definition.function_like && i < body.size(); ++i) {
            if (body[i].is_punct("#") && (i + 1 == body.size() || !definition.param_index(body[i + 1]))) {
                ctx_.diags.report(body[i].location, diag::err_pp_stringize_not_parameter);
                return false;
            }
        }
        return true;
    }

    void define(const std::string &name, macro definition)
    {
        auto found = ctx_.macros.find(name);
        if (found != ctx_.macros.end() && same_definition(*found->second, definition)) {
            return; // the first definition's location stays the one to point at
        }
        if (found != ctx_.macros.end()) {
            ctx_.diags.report(definition.defined_at, diag::warn_pp_macro_redefined, name);
            if (found->second->defined_at.valid()) {
                ctx_.diags.report(found->second->defined_at, diag::note_pp_previous_definition);
            }
        }
        ctx_.macros[name] = std::make_shared<const macro>(std::move(definition));
    }

    void define_builtin(const std::string &name, const std::string &value)
    {
        macro definition;
        token t;
        t.kind = token_kind::integer;
        t.text = value;
        definition.body.push_back(std::move(t));
        define(name, std::move(definition));
    }

    // -D NAME=VALUE is `#define NAME VALUE` on a line of its own buffer, so that its errors
    // point somewhere and `-D 'F(x)=x'` works as it does for gcc.
    void define_from_command_line(const std::string &name, const std::string &value)
    {
        auto file = ctx_.sources.add_buffer("<command line>", name + " " + value);
        auto line = lex(ctx_.sources, file, ctx_.diags);
        line.pop_back(); // end_of_file
        token directive;
        directive.kind = token_kind::identifier;
        directive.text = "define";
        directive.location = {file, 0};
        define_directive(directive, line);
    }

    void undef_directive(const token &directive, const std::vector<token> &line)
    {
        if (check_macro_name(directive, line)) {
            ctx_.macros.erase(line.front().text);
            warn_extra_tokens(directive, line, 1);
        }
    }

    // #ifdef NAME / #ifndef NAME; empty when malformed (the group is then skipped).
    std::optional<bool> is_defined(const token &directive, const std::vector<token> &line)
    {
        if (!check_macro_name(directive, line)) {
            return std::nullopt;
        }
        warn_extra_tokens(directive, line, 1);
        return ctx_.macros.contains(line.front().text);
    }

    // The line macro-expanded, `defined X` and `defined(X)` replaced by 1 or 0 (also when a
    // macro produced `defined`, as gcc and MSVC allow), then evaluated.
    bool evaluate(const token &directive, const std::vector<token> &line)
    {
        auto tokens = without_hidesets(line);
        list_source source(tokens, end_of(directive, line));
        expander ex(ctx_, source);
        std::vector<token> expanded;
        for (auto t = ex.next_expanded(); t.tok.kind != token_kind::end_of_file; t = ex.next_expanded()) {
            if (t.tok.is_identifier("defined")) {
                auto value = defined_operator(ex, t.tok);
                if (!value) {
                    return false;
                }
                t.tok.kind = token_kind::integer;
                t.tok.text = *value ? "1" : "0";
            }
            expanded.push_back(std::move(t.tok));
        }
        if (ctx_.budget.exhausted()) {
            return false;
        }
        return evaluate_pp_expression(expanded, directive, ctx_.diags, ctx_.budget.limits().expression_depth);
    }

    std::optional<bool> defined_operator(expander &ex, const token &op)
    {
        auto t = ex.next_raw();
        bool paren = t.tok.is_punct("(");
        if (paren) {
            t = ex.next_raw();
        }
        if (t.tok.kind != token_kind::identifier) {
            auto at = t.tok.kind == token_kind::end_of_file ? op.location : t.tok.location;
            ctx_.diags.report(at, diag::err_pp_defined_needs_identifier);
            return std::nullopt;
        }
        bool result = ctx_.macros.contains(t.tok.text);
        if (paren && !ex.next_raw().tok.is_punct(")")) {
            ctx_.diags.report(op.location, diag::err_pp_defined_missing_paren);
            return std::nullopt;
        }
        return result;
    }

    void open_conditional(const token &directive, bool active)
    {
        conditionals_.push_back({directive, active, false});
        if (!active) {
            skip_group();
        }
    }

    // The innermost conditional opened in the current file; null (reported) when none.
    conditional *current_conditional(const token &directive)
    {
        if (conditionals_.size() > frames_.back().conditionals_base) {
            return &conditionals_.back();
        }
        ctx_.diags.report(directive.location, diag::err_pp_conditional_without_if, directive.text);
        return nullptr;
    }

    void elif_directive(const token &directive, const std::vector<token> &line)
    {
        auto *c = current_conditional(directive);
        if (c == nullptr) {
            return;
        }
        if (c->seen_else) {
            ctx_.diags.report(directive.location, diag::err_pp_conditional_after_else, directive.text);
        }
        // Once a group was taken, C does not evaluate the #elif, so its errors go unreported.
        if (!c->seen_else && !c->taken && evaluate(directive, line)) {
            c->taken = true;
        } else {
            skip_group();
        }
    }

    void else_directive(const token &directive, const std::vector<token> &line)
    {
        auto *c = current_conditional(directive);
        if (c == nullptr) {
            return;
        }
        warn_extra_tokens(directive, line, 0);
        if (c->seen_else) {
            ctx_.diags.report(directive.location, diag::err_pp_conditional_after_else, directive.text);
            skip_group();
            return;
        }
        c->seen_else = true;
        if (c->taken) {
            skip_group();
        } else {
            c->taken = true;
        }
    }

    void endif_directive(const token &directive, const std::vector<token> &line)
    {
        if (current_conditional(directive) != nullptr) {
            warn_extra_tokens(directive, line, 0);
            conditionals_.pop_back();
        }
    }

    // Skips to the #elif, #else or #endif that ends the current group, and stops on its `#`
    // so that it runs as any directive does. Only the nesting of conditionals is looked at
    // in between: C ignores every other directive of a skipped group.
    void skip_group()
    {
        auto &f = frames_.back();
        const auto &tokens = *f.tokens;
        auto &skipped = lexed_.at(f.file).skipped;
        skipped.emplace_back(tokens[f.pos].location.offset, tokens[f.pos].location.offset);
        // The skipped range ends wherever the loop below stops, whichever return it takes.
        struct close_range {
            const std::vector<token> &tokens;
            const frame &f;
            std::pair<std::uint32_t, std::uint32_t> &range;
            ~close_range() { range.second = tokens[f.pos].location.offset; }
        } closer{tokens, f, skipped.back()};
        int depth = 0;
        for (; tokens[f.pos].kind != token_kind::end_of_file; ++f.pos) {
            const auto &name = tokens[f.pos + 1];
            if (!tokens[f.pos].at_line_start || !tokens[f.pos].is_punct("#") || name.at_line_start) {
                continue;
            }
            if (name.is_identifier("if") || name.is_identifier("ifdef") || name.is_identifier("ifndef")) {
                ++depth;
            } else if (name.is_identifier("endif")) {
                if (depth-- == 0) {
                    return;
                }
            } else if (depth == 0 && (name.is_identifier("elif") || name.is_identifier("else"))) {
                return;
            }
        }
    }

    void close_conditionals(std::size_t base)
    {
        while (conditionals_.size() > base) {
            const auto &opened = conditionals_.back().directive;
            ctx_.diags.report(opened.location, diag::err_pp_unterminated_conditional, opened.text);
            conditionals_.pop_back();
        }
    }

    void include_directive(const token &hash, const token &directive, const std::vector<token> &line)
    {
        auto header = read_header_name(directive, line);
        if (!header) {
            return;
        }
        if (auto limit = ctx_.budget.limits().include_depth; frames_.size() > limit) {
            ctx_.diags.report(directive.location, diag::err_pp_include_too_deep, limit);
            return;
        }
        const auto &includer = ctx_.sources.path(frames_.back().file);
        auto path = directive.text == "include_next" ? find_include_next(header->name, includer, options_.include_dirs)
                                                     : find_include(header->name, includer, options_.include_dirs, header->angled);
        if (!path) {
            ctx_.diags.report(header->location, diag::err_pp_file_not_found, header->name);
            return;
        }
        read_failure why;
        auto file = ctx_.sources.load(*path, hash.location, &why);
        if (!file) {
            report_read_failure(ctx_.diags, header->location, path->string(), why);
            return;
        }
        if (!once_.contains(*file)) {
            enter_file(*file, directive.location);
        }
    }

    // "name" or <name> as written, else the line's macro expansion must give one of them.
    std::optional<header_name> read_header_name(const token &directive, const std::vector<token> &line)
    {
        auto starts_name = [](const std::vector<token> &tokens) {
            return !tokens.empty() && ((tokens.front().kind == token_kind::string && tokens.front().text[0] == '"') ||
                                       tokens.front().is_punct("<"));
        };
        if (starts_name(line)) {
            return spelled_header_name(directive, line);
        }
        auto expanded = expand_line(directive, line);
        if (ctx_.budget.exhausted()) {
            return std::nullopt;
        }
        if (starts_name(expanded)) {
            return spelled_header_name(directive, expanded);
        }
        ctx_.diags.report(line.empty() ? directive.location : line.front().location, diag::err_pp_include_expects_name);
        return std::nullopt;
    }

    // The lexer knows no header names: <a/b.idl> arrives as punctuators and identifiers,
    // and is put back together from their spellings and the spaces between them.
    std::optional<header_name> spelled_header_name(const token &directive, const std::vector<token> &tokens)
    {
        header_name header;
        header.location = tokens.front().location;
        std::size_t used = 1;
        if (tokens.front().kind == token_kind::string) {
            const auto &quoted = tokens.front().text;
            header.name = quoted.substr(1, quoted.size() - 2);
        } else {
            header.angled = true;
            for (; used < tokens.size() && !tokens[used].is_punct(">"); ++used) {
                if (used > 1 && tokens[used].space_before) {
                    header.name += ' ';
                }
                header.name += tokens[used].text;
            }
            if (used == tokens.size()) {
                ctx_.diags.report(header.location, diag::err_pp_missing_angle);
                return std::nullopt;
            }
            ++used;
        }
        if (header.name.empty()) {
            ctx_.diags.report(header.location, diag::err_pp_empty_filename);
            return std::nullopt;
        }
        warn_extra_tokens(directive, tokens, used);
        return header;
    }

    std::vector<token> expand_line(const token &directive, const std::vector<token> &line)
    {
        auto tokens = without_hidesets(line);
        list_source source(tokens, end_of(directive, line));
        expander ex(ctx_, source);
        std::vector<token> out;
        for (auto t = ex.next_expanded(); t.tok.kind != token_kind::end_of_file; t = ex.next_expanded()) {
            out.push_back(std::move(t.tok));
        }
        return out;
    }

    // MIDL's pragmas (midl_echo, pack, warning, …) mean nothing to ucom-idl and are dropped;
    // `#pragma once` is kept, because a header that relies on it breaks without it.
    void pragma_directive(const std::vector<token> &line)
    {
        if (line.size() == 1 && line.front().is_identifier("once")) {
            once_.insert(frames_.back().file);
        }
    }

    pp_context &ctx_;
    const preprocessor_options &options_;
    std::map<file_id, lexed_file> lexed_;   // node-based: frames point into it
    std::vector<frame> frames_;             // the include chain, the main file first
    std::vector<conditional> conditionals_; // open #if groups, outermost first
    std::set<file_id> once_;
    token main_end_;
};

} // namespace
} // namespace pp

namespace {

bool usable_file(const std::filesystem::path &path)
{
    std::error_code ec;
    return std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec);
}

} // namespace

std::optional<std::filesystem::path> find_include(const std::string &name, const std::filesystem::path &including_file,
                                                  const std::vector<std::filesystem::path> &include_dirs, bool angled)
{
    std::filesystem::path relative(name);
    if (relative.is_absolute()) {
        return usable_file(relative) ? std::optional(relative) : std::nullopt;
    }
    // A buffer (tests, stdin) has no folder of its own to search.
    if (!angled && !including_file.empty()) {
        auto candidate = including_file.parent_path() / relative;
        if (usable_file(candidate)) {
            return candidate;
        }
    }
    for (const auto &dir : include_dirs) {
        auto candidate = dir / relative;
        if (usable_file(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> find_include_next(const std::string &name,
                                                       const std::filesystem::path &including_file,
                                                       const std::vector<std::filesystem::path> &include_dirs)
{
    // After the include dir the including file was found in; all of them for a file found
    // in none (the main file), as gcc does.
    std::size_t first = 0;
    std::error_code ignored;
    const auto folder = std::filesystem::weakly_canonical(including_file.parent_path(), ignored);
    for (std::size_t i = 0; i < include_dirs.size(); ++i) {
        if (std::filesystem::weakly_canonical(include_dirs[i], ignored) == folder) {
            first = i + 1;
            break;
        }
    }
    std::vector<std::filesystem::path> rest(include_dirs.begin() + static_cast<std::ptrdiff_t>(first), include_dirs.end());
    return find_include(name, {}, rest, true);
}

std::vector<token> preprocess(source_manager &sources, file_id file, const preprocessor_options &options,
                              diagnostics &diags)
{
    pp_budget budget(options.limits, diags);
    pp::pp_context ctx{sources, diags, budget, {}, {}};
    return pp::directive_runner(ctx, options).run(file);
}

} // namespace ucom::idl
