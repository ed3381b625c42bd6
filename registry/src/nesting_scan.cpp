#include "nesting_scan.hpp"

#include <vector>

namespace ucom::registry {

namespace {

// The offset just past the string that opens at `at` (a quote), or the text's end when it
// is not closed (toml++ reports that). Basic strings ("...", """...""") have escapes;
// literal ones ('...', '''...''') have none.
std::size_t skip_string(std::string_view text, std::size_t at)
{
    const char quote = text[at];
    const std::string_view triple = quote == '"' ? std::string_view(R"(""")") : std::string_view("'''");
    const bool multiline = text.substr(at, 3) == triple;
    const std::string_view closing = multiline ? triple : triple.substr(0, 1);
    for (std::size_t i = at + closing.size(); i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i; // the escaped character, whatever it is
        } else if (text.substr(i, closing.size()) == closing) {
            return i + closing.size();
        } else if (!multiline && text[i] == '\n') {
            return i;
        }
    }
    return text.size();
}

} // namespace

std::optional<nesting_excess> find_excess_nesting(std::string_view text, std::size_t limit)
{
    std::vector<std::size_t> open; // for each open '[' or '{', the depth it adds
    std::size_t enclosing = 0;     // the sum of `open`
    std::size_t header_parts = 0;  // the parts of the last [table] header
    std::size_t key_parts = 0;     // the dots of the key (or header) being read
    bool in_header = false;
    bool line_start = true; // only blanks so far on this line
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool first_on_line = line_start;
        line_start = c == '\n' || (line_start && (c == ' ' || c == '\t' || c == '\r'));
        switch (c) {
        case '"':
        case '\'':
            i = skip_string(text, i) - 1;
            continue;
        case '#':
            while (i + 1 < text.size() && text[i + 1] != '\n') {
                ++i;
            }
            continue;
        case '.':
            ++key_parts;
            break;
        case '[':
        case '{':
            if (c == '[' && open.empty() && first_on_line) { // a [table] or [[array]] header
                in_header = true;
                header_parts = 0;
            }
            open.push_back(key_parts + 1); // `a.b = {` nests a, b and the table
            enclosing += open.back();
            key_parts = 0;
            break;
        case ']':
        case '}':
            if (!open.empty()) {
                enclosing -= open.back();
                open.pop_back();
            }
            if (in_header && open.empty()) {
                in_header = false;
                header_parts = key_parts + 1;
            }
            key_parts = in_header ? key_parts : 0;
            break;
        case '\n':
        case ',':
            key_parts = 0;
            break;
        default:
            break;
        }
        if (const std::size_t depth = header_parts + enclosing + key_parts; depth > limit) {
            return nesting_excess{i, depth};
        }
    }
    return std::nullopt;
}

} // namespace ucom::registry
