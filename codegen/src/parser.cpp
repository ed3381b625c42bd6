// Parser, part one: the token cursor, error recovery, and the declarations that hold others
// (file, library, interface, dispinterface, coclass, module). Types, fields and methods are in
// parse_type.cpp; attributes and expressions in parse_expression.cpp.
#include "parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "parser_detail.hpp"

namespace ucom::idl {
namespace detail {
namespace {

// The file name's stem as an identifier fragment, for the names of anonymous definitions.
std::string identifier_stem(const std::string &name)
{
    std::string stem = std::filesystem::path(name).stem().string();
    for (char &c : stem) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
            c = '_';
        }
    }
    return stem;
}

// The words (and '[') that begin a declaration in a file, library or interface body.
bool starts_declaration(const token &t)
{
    static constexpr std::array<std::string_view, 15> words = {
        "import",  "importlib", "cpp_quote", "midl_pragma", "interface", "dispinterface", "coclass", "library",
        "module",  "typedef",   "const",     "struct",      "union",     "enum",          "extern"};
    return t.is_punct("[") ||
           (t.kind == token_kind::identifier && std::find(words.begin(), words.end(), t.text) != words.end());
}

bool is_container_keyword(const token &t)
{
    return t.is_identifier("import") || t.is_identifier("importlib") || t.is_identifier("interface") ||
           t.is_identifier("dispinterface") || t.is_identifier("coclass") || t.is_identifier("library") ||
           t.is_identifier("module");
}

} // namespace

parser::parser(const std::vector<token> &tokens, file_id file, const source_manager &sources, diagnostics &diags)
    : tokens_(tokens), file_(file), diags_(diags), anonymous_stem_(identifier_stem(sources.name(file)))
{
    end_.location = tokens.empty() ? source_location{file, 0} : tokens.back().location;
}

parser::nesting::nesting(parser &p, source_location at) : depth_(p.depth_), ok_(++p.depth_ <= max_nesting)
{
    if (!ok_) {
        p.too_deep(at);
    }
}

// file := decl_list end_of_file
idl_file parser::run()
{
    idl_file result{file_, {}};
    scope_guard scope(*this, result.decls);
    parse_decl_list(false, "at top level");
    return result;
}

// ---- token cursor ----

const token &parser::peek(std::size_t ahead) const
{
    return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : end_;
}

const token &parser::advance()
{
    const token &t = peek();
    if (t.kind != token_kind::end_of_file) {
        ++pos_;
    }
    return t;
}

bool parser::accept_punct(std::string_view p)
{
    if (!at_punct(p)) {
        return false;
    }
    advance();
    return true;
}

bool parser::accept_word(std::string_view w)
{
    if (!at_word(w)) {
        return false;
    }
    advance();
    return true;
}

// A declaration named by `name` (its location is the name's, so that redefinitions point
// at names) carrying the attribute list that preceded it.
template <class T>
std::unique_ptr<T> named_decl(const token &name, attribute_list attrs)
{
    auto d = std::make_unique<T>();
    d->name = name.text;
    d->location = name.location;
    d->attributes = std::move(attrs);
    return d;
}

bool parser::expect(std::string_view p)
{
    if (accept_punct(p)) {
        return true;
    }
    diags_.report(peek().location, diag::err_expected_token, p);
    return false;
}

// A missing ';' is reported just after the token it should follow (where it would be typed,
// as clang does), not at the next token, which is often on the next line.
source_location parser::after_previous() const
{
    if (pos_ == 0) {
        return peek().location;
    }
    const token &previous = tokens_[pos_ - 1];
    auto end = previous.location;
    end.offset += static_cast<std::uint32_t>(previous.text.size());
    return end;
}

bool parser::expect_after(std::string_view p, std::string_view what)
{
    if (accept_punct(p)) {
        return true;
    }
    diags_.report(p == ";" ? after_previous() : peek().location, diag::err_expected_token_after, p, what);
    return false;
}

bool parser::expect_closing(std::string_view p, std::string_view what)
{
    if (accept_punct(p)) {
        return true;
    }
    diags_.report(peek().location, diag::err_expected_token_at_end, p, what);
    return false;
}

const token *parser::expect_identifier()
{
    if (peek().kind != token_kind::identifier) {
        diags_.report(peek().location, diag::err_expected_identifier);
        return nullptr;
    }
    return &advance();
}

// string_literals := string {string}      (adjacent literals concatenate, as in C)
std::string parser::read_strings()
{
    std::string value;
    while (peek().kind == token_kind::string) {
        value += literal_value(advance().text);
    }
    return value;
}

std::optional<std::string> parser::expect_string()
{
    if (peek().kind != token_kind::string) {
        diags_.report(peek().location, diag::err_expected_string);
        return std::nullopt;
    }
    return read_strings();
}

std::string parser::describe(const token &t)
{
    return t.kind == token_kind::end_of_file ? std::string("end of file") : fmt::format("'{}'", t.text);
}

void parser::report_unexpected(std::string_view where)
{
    diags_.report(peek().location, diag::err_unexpected_token, describe(peek()), where);
}

// ---- error recovery ----

// After a syntax error: skips past the next ';' at this nesting level (or ',' inside an enum
// body); or past a '{…}' block that closes at this level when a ';' or a new declaration
// follows it (the body of a declaration whose head was wrong, while `struct {…} x;` goes on to
// its ';'); or up to a '}' that closes the enclosing body, which that body's parser consumes.
void parser::skip_statement(bool stop_at_comma)
{
    int depth = 0;
    while (!at_end()) {
        const token &t = peek();
        if (t.kind == token_kind::punctuator && depth == 0) {
            if (t.text == ";" || (stop_at_comma && t.text == ",")) {
                advance();
                return;
            }
            if (t.text == "}") {
                return;
            }
        }
        advance();
        if (t.kind != token_kind::punctuator) {
            continue;
        }
        if (t.text == "{" || t.text == "(" || t.text == "[") {
            ++depth;
        } else if ((t.text == "}" || t.text == ")" || t.text == "]") && depth > 0) {
            --depth;
            if (depth == 0 && t.text == "}" && (accept_punct(";") || starts_declaration(peek()))) {
                return;
            }
        }
    }
}

// Every loop that calls this consumes at least one token per iteration, so none can spin.
void parser::recover(std::size_t start, bool stop_at_comma)
{
    skip_statement(stop_at_comma);
    if (pos_ == start) {
        advance();
    }
}

void parser::too_deep(source_location at)
{
    diags_.report(at, diag::err_nesting_too_deep, max_nesting);
}

// ---- declarations ----

void parser::add_decl(decl_ptr d)
{
    scope_->push_back(std::move(d));
}

// Not a reserved C identifier (no leading underscore), and stable from run to run so that
// generated code does not churn.
std::string parser::invent_name()
{
    return fmt::format("ucom_anonymous_{}_{}", anonymous_stem_, ++anonymous_count_);
}

// decl_list := {decl_list_item}        (to the end of the file, or to the '}' of a library)
void parser::parse_decl_list(bool braced, std::string_view where)
{
    while (!at_end() && !(braced && at_punct("}")) && !diags_.should_stop()) {
        auto start = pos_;
        if (!parse_decl_list_item(where)) {
            recover(start);
        }
    }
}

// decl_list_item := ';' | import | importlib | cpp_quote | midl_pragma | [attribute_list] attributed_decl
bool parser::parse_decl_list_item(std::string_view where)
{
    if (accept_punct(";")) {
        return true; // an empty declaration, as C allows
    }
    if (at_word("import")) {
        return parse_import();
    }
    if (at_word("importlib")) {
        return parse_importlib();
    }
    if (at_word("cpp_quote")) {
        return parse_cpp_quote();
    }
    if (at_word("midl_pragma")) {
        return parse_midl_pragma();
    }
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    std::string_view context = attrs->empty() ? where : "after attribute list";
    return parse_attributed_decl(std::move(*attrs), context);
}

namespace {

// Edits (insertions, deletions, substitutions, swaps of neighbours) from a to b.
std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// The declaration keyword `word` is most likely a misspelling of, if any.
std::optional<std::string_view> misspelt_keyword(std::string_view word)
{
    static constexpr std::string_view keywords[] = {"interface", "dispinterface", "coclass", "library", "module",
                                                    "typedef",   "const",         "struct",  "union",   "enum"};
    std::optional<std::string_view> best;
    std::size_t best_distance = 3; // at most two edits, and fewer than half the keyword
    for (const std::string_view keyword : keywords) {
        const std::size_t distance = edit_distance(word, keyword);
        if (distance < best_distance && distance * 2 < keyword.size()) {
            best = keyword;
            best_distance = distance;
        }
    }
    return best;
}

} // namespace

// attributed_decl := interface | dispinterface | coclass | library | module | typedef | const_decl
//                  | extern_decl | tagged_decl | function_decl
bool parser::parse_attributed_decl(attribute_list attrs, std::string_view where)
{
    if (at_word("interface")) {
        return parse_interface(std::move(attrs));
    }
    if (at_word("dispinterface")) {
        return parse_dispinterface(std::move(attrs));
    }
    if (at_word("coclass")) {
        return parse_coclass(std::move(attrs));
    }
    if (at_word("library")) {
        return parse_library(std::move(attrs));
    }
    if (at_word("module")) {
        return parse_module(std::move(attrs));
    }
    if (at_word("typedef")) {
        return parse_typedef(std::move(attrs));
    }
    if (at_word("const")) {
        return at_const_method() ? parse_function_decl(std::move(attrs)) : parse_const(std::move(attrs));
    }
    if (at_word("extern")) {
        return parse_extern(std::move(attrs));
    }
    if (at_word("struct") || at_word("union") || at_word("enum")) {
        return parse_tagged_decl(std::move(attrs));
    }
    // `interfce IFoo …`: a word where a keyword belongs, then a name. Said as a misspelling,
    // and parsed as the keyword, so the declaration still exists and later uses of its name
    // do not fail too.
    if (peek().kind == token_kind::identifier && peek(1).kind == token_kind::identifier) {
        if (const auto keyword = misspelt_keyword(peek().text)) {
            diags_.report(peek().location, diag::err_misspelt_keyword, peek().text, *keyword);
            using parse_member = bool (parser::*)(attribute_list);
            static constexpr std::pair<std::string_view, parse_member> recoverable[] = {
                {"interface", &parser::parse_interface}, {"dispinterface", &parser::parse_dispinterface},
                {"coclass", &parser::parse_coclass},     {"library", &parser::parse_library},
                {"module", &parser::parse_module},       {"typedef", &parser::parse_typedef},
                {"const", &parser::parse_const}};
            for (const auto &[word, parse] : recoverable) {
                if (word == *keyword) {
                    return (this->*parse)(std::move(attrs));
                }
            }
            return false;
        }
    }
    // `[local] HRESULT __stdcall CreateDXGIFactory(REFIID riid, void **factory);`: a type, a
    // name and a '(' before the statement ends. Anything else is no declaration.
    if (peek().kind == token_kind::identifier && !starts_declaration(peek()) && at_const_method()) {
        return parse_function_decl(std::move(attrs));
    }
    report_unexpected(where);
    return false;
}

// import := 'import' string {',' string} ';'
bool parser::parse_import()
{
    auto d = std::make_unique<import_decl>();
    d->location = advance().location;
    do {
        auto at = peek().location;
        auto path = expect_string();
        if (!path) {
            return false;
        }
        d->paths.push_back(std::move(*path));
        d->path_locations.push_back(at);
    } while (accept_punct(","));
    if (!expect_after(";", "import")) {
        return false;
    }
    add_decl(std::move(d));
    return true;
}

// importlib := 'importlib' '(' string ')' ';'
bool parser::parse_importlib()
{
    auto d = std::make_unique<importlib_decl>();
    d->location = advance().location;
    if (!expect_after("(", "'importlib'")) {
        return false;
    }
    auto path = expect_string();
    if (!path || !expect(")") || !expect_after(";", "importlib")) {
        return false;
    }
    d->path = std::move(*path);
    add_decl(std::move(d));
    return true;
}

// cpp_quote := 'cpp_quote' '(' string ')' [';']
bool parser::parse_cpp_quote()
{
    auto d = std::make_unique<cpp_quote_decl>();
    d->location = advance().location;
    if (!expect_after("(", "'cpp_quote'")) {
        return false;
    }
    auto text = expect_string();
    if (!text || !expect(")")) {
        return false;
    }
    accept_punct(";");
    d->text = std::move(*text);
    add_decl(std::move(d));
    return true;
}

// midl_pragma := 'midl_pragma' 'warning' '(' balanced_tokens ')' [';']
// It only tunes which warnings MIDL itself prints; ucom-idl has its own diagnostics, so the
// pragma is read and dropped. Any other midl_pragma is reported.
bool parser::parse_midl_pragma()
{
    advance();
    if (!at_word("warning")) {
        diags_.report(peek().location, diag::err_not_supported, fmt::format("'midl_pragma {}'", peek().text));
        return false;
    }
    advance();
    if (!expect_after("(", "'midl_pragma warning'")) {
        return false;
    }
    for (int depth = 1; depth > 0;) {
        if (at_end()) {
            diags_.report(peek().location, diag::err_expected_token_at_end, ")", "midl_pragma");
            return false;
        }
        const token &t = advance();
        depth += t.is_punct("(") ? 1 : (t.is_punct(")") ? -1 : 0);
    }
    accept_punct(";");
    return true;
}

// interface := 'interface' identifier ';'
//            | 'interface' identifier [':' identifier] '{' interface_body '}' [';']
bool parser::parse_interface(attribute_list attrs)
{
    advance();
    const token *name = expect_identifier();
    if (name == nullptr) {
        return false;
    }
    auto d = named_decl<interface_decl>(*name, std::move(attrs));
    if (accept_punct(";")) {
        d->is_forward = true;
        add_decl(std::move(d));
        return true;
    }
    if (accept_punct(":")) {
        const token *base = expect_identifier();
        if (base == nullptr) {
            return false;
        }
        d->base_name = base->text;
        d->base_location = base->location;
    }
    if (!expect_after("{", d->base_name.empty() ? "interface name" : "base interface name")) {
        return false;
    }
    parse_interface_body(d->members, d->methods);
    bool closed = closed_before_next_declaration("interface body") || expect_closing("}", "interface body");
    if (closed) {
        accept_punct(";");
    }
    add_decl(std::move(d));
    return closed;
}

// interface_body := {interface_member}     (up to the closing '}'; also a module's body)
void parser::parse_interface_body(std::vector<decl_ptr> &members, std::vector<method> &methods)
{
    scope_guard scope(*this, members);
    while (!at_end() && !at_punct("}") && !at_container_declaration() && !diags_.should_stop()) {
        auto start = pos_;
        if (!parse_interface_member(methods)) {
            recover(start);
        }
    }
}

// interface_member := ';' | cpp_quote | midl_pragma
//                   | [attribute_list] (typedef | const_decl | tagged_decl | method ';')
bool parser::parse_interface_member(std::vector<method> &methods)
{
    if (accept_punct(";")) {
        return true;
    }
    if (at_word("cpp_quote")) {
        return parse_cpp_quote();
    }
    if (at_word("midl_pragma")) {
        return parse_midl_pragma();
    }
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    if (at_word("typedef")) {
        return parse_typedef(std::move(*attrs));
    }
    if (at_word("const") && !at_const_method()) {
        return parse_const(std::move(*attrs));
    }
    if (at_tagged_definition()) {
        return parse_tagged_decl(std::move(*attrs));
    }
    method m;
    if (!parse_method(std::move(*attrs), m) || !expect_after(";", "method declaration")) {
        return false;
    }
    methods.push_back(std::move(m));
    return true;
}

// A '}' left out mid-file, before the next interface (or other declaration that cannot stand
// in a body): that is the error, reported there, and the body ends so that the declaration
// parses as one.
bool parser::closed_before_next_declaration(std::string_view body)
{
    if (!at_container_declaration()) {
        return false;
    }
    diags_.report(peek().location, diag::err_expected_token_at_end, "}", body);
    return true;
}

// An interface, coclass, library, module or import, after its attribute list if any: what
// cannot stand in an interface body, so a '}' is missing before it.
bool parser::at_container_declaration() const
{
    std::size_t i = 0;
    if (at_punct("[")) {
        for (int depth = 0;; ++i) {
            const token &t = peek(i);
            if (t.kind == token_kind::end_of_file || t.is_punct(";") || t.is_punct("{") || t.is_punct("}")) {
                return false;
            }
            depth += t.is_punct("[") ? 1 : (t.is_punct("]") ? -1 : 0);
            if (depth == 0) {
                ++i;
                break;
            }
        }
    }
    return is_container_keyword(peek(i));
}

// `const char *Name(void);` is a method, `const long N = 1;` a constant: whichever of '(' and
// '=' comes first outside brackets decides. The scan stops where the statement must end, so
// it never reads past what recovery would skip.
bool parser::at_const_method() const
{
    int brackets = 0;
    for (std::size_t i = 0;; ++i) {
        const token &t = peek(i);
        if (t.kind == token_kind::end_of_file || t.is_punct(";") || t.is_punct("=") || t.is_punct("{") ||
            t.is_punct("}")) {
            return false;
        }
        if (t.is_punct("(") && brackets == 0) {
            return true;
        }
        brackets += t.is_punct("[") ? 1 : (t.is_punct("]") ? -1 : 0);
    }
}

// dispinterface := 'dispinterface' identifier ';'
//                | 'dispinterface' identifier '{' dispinterface_body '}' [';']
bool parser::parse_dispinterface(attribute_list attrs)
{
    advance();
    const token *name = expect_identifier();
    if (name == nullptr) {
        return false;
    }
    auto d = named_decl<dispinterface_decl>(*name, std::move(attrs));
    if (accept_punct(";")) {
        d->is_forward = true;
        add_decl(std::move(d));
        return true;
    }
    if (!expect_after("{", "dispinterface name")) {
        return false;
    }
    auto section = dispinterface_section::none;
    while (!at_end() && !at_punct("}") && !diags_.should_stop()) {
        auto start = pos_;
        if (!parse_dispinterface_member(*d, section)) {
            recover(start);
        }
    }
    bool closed = expect_closing("}", "dispinterface body");
    if (closed) {
        accept_punct(";");
    }
    add_decl(std::move(d));
    return closed;
}

// dispinterface_member := 'properties' ':' | 'methods' ':' | 'interface' identifier ';'
//                       | [attribute_list] field          (after 'properties:')
//                       | [attribute_list] method ';'     (after 'methods:')
bool parser::parse_dispinterface_member(dispinterface_decl &d, dispinterface_section &section)
{
    if ((at_word("properties") || at_word("methods")) && at_punct(":", 1)) {
        section = advance().text == "properties" ? dispinterface_section::properties : dispinterface_section::methods;
        advance();
        return true;
    }
    if (accept_word("interface")) {
        const token *name = expect_identifier();
        if (name == nullptr) {
            return false;
        }
        d.interface_name = name->text;
        return expect_after(";", "interface name");
    }
    if (section == dispinterface_section::none) {
        diags_.report(peek().location, diag::err_expected_dispinterface_section);
        return false;
    }
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    if (section == dispinterface_section::properties) {
        return parse_fields(d.properties, std::move(*attrs), "property", true);
    }
    method m;
    if (!parse_method(std::move(*attrs), m) || !expect_after(";", "method declaration")) {
        return false;
    }
    d.methods.push_back(std::move(m));
    return true;
}

// coclass := 'coclass' identifier ';' | 'coclass' identifier '{' {coclass_entry} '}' [';']
bool parser::parse_coclass(attribute_list attrs)
{
    advance();
    const token *name = expect_identifier();
    if (name == nullptr) {
        return false;
    }
    auto d = named_decl<coclass_decl>(*name, std::move(attrs));
    if (accept_punct(";")) {
        d->is_forward = true;
        add_decl(std::move(d));
        return true;
    }
    if (!expect_after("{", "coclass name")) {
        return false;
    }
    while (!at_end() && !at_punct("}") && !diags_.should_stop()) {
        auto start = pos_;
        if (!parse_coclass_entry(*d)) {
            recover(start);
        }
    }
    bool closed = expect_closing("}", "coclass body");
    if (closed) {
        accept_punct(";");
    }
    add_decl(std::move(d));
    return closed;
}

// coclass_entry := [attribute_list] ('interface' | 'dispinterface') identifier ';'
bool parser::parse_coclass_entry(coclass_decl &c)
{
    auto attrs = parse_attributes();
    if (!attrs) {
        return false;
    }
    if (!at_word("interface") && !at_word("dispinterface")) {
        diags_.report(peek().location, diag::err_expected_coclass_entry);
        return false;
    }
    coclass_decl::entry e;
    e.is_dispinterface = advance().text == "dispinterface";
    const token *name = expect_identifier();
    if (name == nullptr || !expect_after(";", "coclass member")) {
        return false;
    }
    e.attributes = std::move(*attrs);
    e.name = name->text;
    e.location = name->location;
    c.interfaces.push_back(std::move(e));
    return true;
}

// library := 'library' identifier '{' decl_list '}' [';']
bool parser::parse_library(attribute_list attrs)
{
    const token &keyword = advance();
    nesting guard(*this, keyword.location); // a library may hold a library
    if (!guard.ok()) {
        return false;
    }
    const token *name = expect_identifier();
    if (name == nullptr || !expect_after("{", "library name")) {
        return false;
    }
    auto d = named_decl<library_decl>(*name, std::move(attrs));
    {
        scope_guard scope(*this, d->members);
        parse_decl_list(true, "in library");
    }
    bool closed = expect_closing("}", "library body");
    if (closed) {
        accept_punct(";");
    }
    add_decl(std::move(d));
    return closed;
}

// module := 'module' identifier '{' interface_body '}' [';']
bool parser::parse_module(attribute_list attrs)
{
    advance();
    const token *name = expect_identifier();
    if (name == nullptr || !expect_after("{", "module name")) {
        return false;
    }
    auto d = named_decl<module_decl>(*name, std::move(attrs));
    parse_interface_body(d->members, d->functions);
    bool closed = closed_before_next_declaration("module body") || expect_closing("}", "module body");
    if (closed) {
        accept_punct(";");
    }
    add_decl(std::move(d));
    return closed;
}

// ---- copies ----

expr_ptr clone(const expr &e)
{
    auto c = std::make_unique<expr>();
    c->kind = e.kind;
    c->location = e.location;
    c->text = e.text;
    c->integer_value = e.integer_value;
    for (const auto &operand : e.operands) {
        c->operands.push_back(operand ? clone(*operand) : nullptr);
    }
    c->type_operand = e.type_operand ? clone(*e.type_operand) : nullptr;
    c->value = e.value;
    return c;
}

type_ptr clone(const type &t)
{
    auto c = std::make_unique<type>();
    c->kind = t.kind;
    c->location = t.location;
    c->is_const = t.is_const;
    c->builtin = t.builtin;
    c->is_unsigned = t.is_unsigned;
    c->is_signed = t.is_signed;
    c->name = t.name;
    c->tag = t.tag;
    c->definition = t.definition; // not owned: the definition stays where it was hoisted
    c->element = t.element ? clone(*t.element) : nullptr;
    c->safearray_of = t.safearray_of ? clone(*t.safearray_of) : nullptr;
    c->size = t.size ? clone(*t.size) : nullptr;
    for (const auto &p : t.parameters) {
        c->parameters.push_back(field{clone(p.attributes), p.type ? clone(*p.type) : nullptr, p.name, p.location,
                                      p.bits ? clone(*p.bits) : nullptr});
    }
    c->target = t.target;
    return c;
}

attribute clone(const attribute &a)
{
    attribute c;
    c.name = a.name;
    c.location = a.location;
    for (const auto &arg : a.args) {
        c.args.push_back(arg ? clone(*arg) : nullptr);
    }
    c.type_arg = a.type_arg ? clone(*a.type_arg) : nullptr;
    c.has_parens = a.has_parens;
    return c;
}

attribute_list clone(const attribute_list &attrs)
{
    attribute_list c;
    c.reserve(attrs.size());
    for (const auto &a : attrs) {
        c.push_back(clone(a));
    }
    return c;
}

} // namespace detail

idl_file parse(const std::vector<token> &tokens, file_id file, const source_manager &sources, diagnostics &diags)
{
    return detail::parser(tokens, file, sources, diags).run();
}

} // namespace ucom::idl
