// Hand-written scanner over one file's text. MIDL's one lexical oddity is the unquoted UUID
// (uuid(12345678-1234-…)), recognised here as a single token so the parser never sees it
// as numbers and minus signs.
#include "lexer.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>

namespace ucom::idl {
namespace {

// Character classes by table: the <cctype> functions consult the locale at every call, and
// the lexer asks for every byte of every file it reads (Wine's headers: megabytes of them).
enum char_class : std::uint8_t { letter = 1U, digit = 2U, hex_letter = 4U };

constexpr std::array<std::uint8_t, 256> char_classes = [] {
    std::array<std::uint8_t, 256> classes{};
    for (int c = 'a'; c <= 'z'; ++c) {
        classes[static_cast<std::size_t>(c)] = letter;
        classes[static_cast<std::size_t>(c - 'a' + 'A')] = letter;
    }
    for (int c = 'a'; c <= 'f'; ++c) {
        classes[static_cast<std::size_t>(c)] |= hex_letter;
        classes[static_cast<std::size_t>(c - 'a' + 'A')] |= hex_letter;
    }
    classes['_'] = letter;
    for (int c = '0'; c <= '9'; ++c) {
        classes[static_cast<std::size_t>(c)] = digit;
    }
    return classes;
}();

std::uint8_t class_of(char c)
{
    return char_classes[static_cast<unsigned char>(c)];
}
bool is_ident_start(char c)
{
    return (class_of(c) & letter) != 0;
}
bool is_ident_char(char c)
{
    return (class_of(c) & (letter | digit)) != 0;
}
bool is_hex(char c)
{
    return (class_of(c) & (digit | hex_letter)) != 0;
}
bool is_digit(char c)
{
    return (class_of(c) & digit) != 0;
}
bool is_alnum(char c)
{
    return c != '_' && is_ident_char(c);
}

// :: << >> <= >= == != && || ## -> (and "...", three characters, apart)
bool is_two_char_punctuator(char first, char second)
{
    switch (first) {
    case ':':
    case '&':
    case '|':
    case '#':
        return second == first;
    case '<':
    case '>':
        return second == first || second == '=';
    case '=':
    case '!':
        return second == '=';
    case '-':
        return second == '>';
    default:
        return false;
    }
}
constexpr std::string_view one_char_punctuators = "()[]{};,.:*&=+-~!/%<>^|?#";

class scanner {
public:
    scanner(const source_manager &sources, file_id file, diagnostics &diags)
        : file_(file), text_(sources.text(file)), diags_(diags)
    {
    }

    std::vector<token> run()
    {
        std::vector<token> tokens;
        // About one token in six bytes of IDL (about one in eight of Wine's commented
        // headers): growing a vector of tokens from empty moves every token's text a dozen times.
        tokens.reserve(text_.size() / 6 + 1);
        bool line_start = true;
        bool after_stray = false;
        while (true) {
            bool space = skip_space_and_comments(line_start) || after_stray;
            if (pos_ >= text_.size()) {
                break;
            }
            auto t = next();
            after_stray = !t;
            if (!t) {
                continue; // a stray character: no token, and the line goes on
            }
            t->at_line_start = line_start;
            t->space_before = space;
            line_start = false;
            tokens.push_back(std::move(*t));
        }
        token end;
        end.location = here(text_.size());
        end.at_line_start = true;
        tokens.push_back(std::move(end));
        return tokens;
    }

private:
    source_location here(std::size_t offset) const { return {file_, static_cast<std::uint32_t>(offset)}; }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

    // Returns whether anything was skipped; sets line_start when a newline was crossed.
    bool skip_space_and_comments(bool &line_start)
    {
        auto start = pos_;
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (c == '\n') {
                line_start = true;
                ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
                ++pos_;
            } else if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
                pos_ += peek(1) == '\n' ? 2U : 3U; // a line continuation joins lines
            } else if (c == '/' && peek(1) == '/') {
                while (pos_ < text_.size() && text_[pos_] != '\n') {
                    ++pos_;
                }
            } else if (c == '/' && peek(1) == '*') {
                skip_block_comment(); // C replaces it by one space: it never starts a line
            } else {
                break;
            }
        }
        return pos_ != start;
    }

    void skip_block_comment()
    {
        auto open = pos_;
        pos_ += 2;
        while (pos_ < text_.size()) {
            if (text_[pos_] == '*' && peek(1) == '/') {
                pos_ += 2;
                return;
            }
            if (text_[pos_] == '/' && peek(1) == '*') {
                diags_.report(here(pos_), diag::warn_nested_comment);
            }
            ++pos_;
        }
        diags_.report(here(open), diag::err_unterminated_comment);
    }

    token make(token_kind kind, std::size_t start)
    {
        token t;
        t.kind = kind;
        t.text = std::string(text_.substr(start, pos_ - start));
        t.location = here(start);
        return t;
    }

    bool at_uuid() const
    {
        static constexpr std::array<std::size_t, 5> groups = {8, 4, 4, 4, 12};
        std::size_t p = pos_;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t i = 0; i < groups[g]; ++i, ++p) {
                if (p >= text_.size() || !is_hex(text_[p])) {
                    return false;
                }
            }
            if (g + 1 < groups.size()) {
                if (p >= text_.size() || text_[p] != '-') {
                    return false;
                }
                ++p;
            }
        }
        return p >= text_.size() || !is_ident_char(text_[p]);
    }

    // A malformed unquoted UUID (a digit missing, a letter beyond F) would otherwise lex as
    // numbers, identifiers and minus signs, and be reported as an expression. A run of
    // letters, digits and single dashes with at least three dashes and 20 characters is
    // taken as one (bad) uuid token; no MIDL expression looks like that.
    std::size_t uuid_like_length() const
    {
        std::size_t p = pos_;
        std::size_t dashes = 0;
        while (p < text_.size() && (is_alnum(text_[p]) || text_[p] == '-')) {
            if (text_[p] == '-') {
                if (p + 1 >= text_.size() || text_[p + 1] == '-' || text_[p - 1] == '-') {
                    return 0;
                }
                ++dashes;
            }
            ++p;
        }
        bool ends_cleanly = p >= text_.size() || text_[p] != '_';
        return dashes >= 3 && p - pos_ >= 20 && text_[p - 1] != '-' && ends_cleanly ? p - pos_ : 0;
    }

    // The next token; empty for a stray character (reported here).
    std::optional<token> next()
    {
        auto start = pos_;
        char c = text_[pos_];
        if (is_hex(c) && at_uuid()) {
            pos_ += 36;
            return make(token_kind::uuid, start);
        }
        if (is_hex(c)) {
            if (auto length = uuid_like_length(); length != 0) {
                pos_ += length; // reported whole by the resolver, as written
                return make(token_kind::uuid, start);
            }
        }
        if (c == 'L' && (peek(1) == '"' || peek(1) == '\'')) {
            ++pos_;
            return quoted(start, peek());
        }
        if (is_ident_start(c)) {
            while (pos_ < text_.size() && is_ident_char(text_[pos_])) {
                ++pos_;
            }
            return make(token_kind::identifier, start);
        }
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
            return number(start);
        }
        if (c == '"' || c == '\'') {
            return quoted(start, c);
        }
        if (c == '.' && peek(1) == '.' && peek(2) == '.') {
            pos_ += 3;
            return make(token_kind::punctuator, start);
        }
        if (is_two_char_punctuator(c, peek(1))) {
            pos_ += 2;
            return make(token_kind::punctuator, start);
        }
        ++pos_;
        if (one_char_punctuators.find(c) != std::string_view::npos) {
            return make(token_kind::punctuator, start);
        }
        // Report the whole UTF-8 sequence, not one byte of it.
        while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0U) == 0x80U) {
            ++pos_;
        }
        diags_.report(here(start), diag::err_stray_character, printable(text_.substr(start, pos_ - start)));
        return std::nullopt;
    }

    // A stray character as a message can show it: a well-formed UTF-8 character as itself,
    // control characters and broken UTF-8 as octal escapes ('\377'), as gcc does.
    static std::string printable(std::string_view bytes)
    {
        auto lead = static_cast<unsigned char>(bytes.front());
        if (bytes.size() == 1 && lead >= 0x20U && lead < 0x7FU) {
            return std::string(bytes);
        }
        std::size_t expected = lead >= 0xF0U && lead <= 0xF4U ? 4 : lead >= 0xE0U ? 3 : lead >= 0xC2U ? 2 : 0;
        if (expected != 0 && expected == bytes.size() && lead < 0xF8U) {
            return std::string(bytes);
        }
        std::string out;
        for (char c : bytes) {
            out += fmt::format("\\{:03o}", static_cast<unsigned char>(c));
        }
        return out;
    }

    // A pp-number, then checked: integers in C's three bases with u/l suffixes, or a float.
    token number(std::size_t start)
    {
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if ((c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E') &&
                !(text_.substr(start, 2) == "0x" || text_.substr(start, 2) == "0X")) {
                ++pos_;
            } else if (is_ident_char(c) || c == '.') {
                ++pos_;
            } else {
                break;
            }
        }
        auto t = make(token_kind::integer, start);
        std::string_view s = t.text;
        bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
        if (!hex && s.find_first_of(".eE") != std::string_view::npos) {
            t.kind = token_kind::floating;
            std::size_t i = 0;
            bool digits = false;
            while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) {
                digits = digits || is_digit(s[i]);
                ++i;
            }
            if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
                ++i;
                if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
                    ++i;
                }
                bool exponent = false;
                while (i < s.size() && is_digit(s[i])) {
                    exponent = true;
                    ++i;
                }
                digits = digits && exponent;
            }
            if (i < s.size() && (s[i] == 'f' || s[i] == 'F')) {
                ++i;
            }
            if (!digits || i != s.size() || s.find('.') != s.rfind('.')) {
                diags_.report(t.location, diag::err_bad_number, s);
                t.text = "0";
                t.kind = token_kind::integer;
            }
            return t;
        }
        std::size_t i = hex ? 2 : 0;
        auto digit_ok = [&](char c) { return hex ? is_hex(c) : (s[0] == '0' ? c >= '0' && c <= '7' : is_digit(c)); };
        auto first_digit = i;
        while (i < s.size() && digit_ok(s[i])) {
            ++i;
        }
        bool ok = i > first_digit;
        while (ok && i < s.size()) {
            char c = s[i++];
            ok = c == 'u' || c == 'U' || c == 'l' || c == 'L';
        }
        if (!ok) {
            diags_.report(t.location, diag::err_bad_number, s);
            t.text = "0";
        }
        return t;
    }

    token quoted(std::size_t start, char quote)
    {
        ++pos_; // the opening quote
        bool empty = true;
        while (true) {
            if (pos_ >= text_.size() || text_[pos_] == '\n') {
                diags_.report(here(start), quote == '"' ? diag::err_unterminated_string : diag::err_unterminated_char);
                auto t = make(quote == '"' ? token_kind::string : token_kind::character, start);
                t.text += quote; // keep later stages working on a well-formed spelling
                return t;
            }
            char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                break;
            }
            empty = false;
            if (c == '\\') {
                escape();
            } else {
                ++pos_;
            }
        }
        if (quote == '\'' && empty) {
            diags_.report(here(start), diag::err_empty_char);
        }
        return make(quote == '"' ? token_kind::string : token_kind::character, start);
    }

    void escape()
    {
        auto at = pos_;
        ++pos_; // the backslash
        char c = peek();
        if (c == '\0' || c == '\n') {
            return;
        }
        ++pos_;
        static constexpr std::string_view simple = "ntrabfv0\\\"'?";
        if (c == 'x' && is_hex(peek())) {
            while (is_hex(peek())) {
                ++pos_;
            }
        } else if (c >= '0' && c <= '7') {
            for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) {
                ++pos_;
            }
        } else if (simple.find(c) == std::string_view::npos) {
            diags_.report(here(at), diag::err_bad_escape, std::string_view(&text_[at + 1], 1));
        }
    }

    file_id file_;
    std::string_view text_;
    diagnostics &diags_;
    std::size_t pos_ = 0;
};

} // namespace

std::vector<token> lex(const source_manager &sources, file_id file, diagnostics &diags)
{
    return scanner(sources, file, diags).run();
}

integer_literal read_integer_literal(std::string_view s)
{
    integer_literal result;
    while (!s.empty() && (s.back() == 'u' || s.back() == 'U' || s.back() == 'l' || s.back() == 'L')) {
        result.has_unsigned_suffix = result.has_unsigned_suffix || s.back() == 'u' || s.back() == 'U';
        s.remove_suffix(1);
    }
    unsigned base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    if (s.empty()) {
        return result;
    }
    for (char c : s) {
        unsigned digit = 99;
        if (is_digit(c)) {
            digit = static_cast<unsigned>(c - '0');
        } else if (is_hex(c)) {
            digit = static_cast<unsigned>(std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
        }
        if (digit >= base) {
            result.status = integer_literal::status::invalid;
            return result;
        }
        if (result.value > (std::numeric_limits<std::uint64_t>::max() - digit) / base) {
            result.status = integer_literal::status::too_large;
            return result;
        }
        result.value = result.value * base + digit;
    }
    result.status = integer_literal::status::ok;
    return result;
}

std::string literal_value(std::string_view spelling)
{
    if (!spelling.empty() && spelling.front() == 'L') {
        spelling.remove_prefix(1);
    }
    if (spelling.size() < 2) {
        return {};
    }
    spelling = spelling.substr(1, spelling.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < spelling.size(); ++i) {
        char c = spelling[i];
        if (c != '\\' || i + 1 >= spelling.size()) {
            out += c;
            continue;
        }
        c = spelling[++i];
        auto digits = [&](int base, std::size_t max) {
            unsigned value = 0;
            std::size_t n = 0;
            while (n < max && i + 1 < spelling.size()) {
                char d = spelling[i + 1];
                int v = is_digit(d) ? d - '0' : (is_hex(d) ? (std::tolower(d) - 'a' + 10) : 99);
                if (v >= base) {
                    break;
                }
                value = value * static_cast<unsigned>(base) + static_cast<unsigned>(v);
                ++i;
                ++n;
            }
            return static_cast<char>(value & 0xFFU);
        };
        switch (c) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x':
            out += digits(16, 2);
            break;
        default:
            if (c >= '0' && c <= '7') {
                --i;
                out += digits(8, 3);
            } else {
                out += c;
            }
        }
    }
    return out;
}

} // namespace ucom::idl
