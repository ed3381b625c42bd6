#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "preprocessor.hpp"

namespace idl = ucom::idl;
namespace fs = std::filesystem;

namespace {

// A file on disk to preprocess (a string is the text of a buffer).
struct disk_file {
    fs::path path;
};

struct preprocessed {
    idl::source_manager sources;
    idl::diagnostics diags;
    std::vector<idl::token> tokens;

    explicit preprocessed(std::string text, const idl::preprocessor_options &options = {})
    {
        auto file = sources.add_buffer("test.idl", std::move(text));
        tokens = idl::preprocess(sources, file, options, diags);
    }

    explicit preprocessed(const disk_file &main, const idl::preprocessor_options &options = {})
    {
        auto file = sources.load(main.path, {});
        REQUIRE(file);
        tokens = idl::preprocess(sources, *file, options, diags);
    }

    // The output's spellings, one space apart, without the end_of_file token.
    [[nodiscard]] std::string spelled() const
    {
        std::string out;
        for (const auto &t : tokens) {
            if (t.kind != idl::token_kind::end_of_file) {
                out += out.empty() ? "" : " ";
                out += t.text;
            }
        }
        return out;
    }

    [[nodiscard]] std::string first(idl::severity severity) const
    {
        for (const auto &d : diags.all()) {
            if (d.severity == severity) {
                return diags.render(d, sources);
            }
        }
        return {};
    }

    [[nodiscard]] std::string first_error() const { return first(idl::severity::error); }

    // "file:line:col: error: message" of the first error, without the source line and caret.
    [[nodiscard]] std::string first_error_line() const
    {
        auto rendered = first_error();
        return rendered.substr(0, rendered.find('\n'));
    }
};

// A folder of its own under the system's temp folder, removed with everything in it.
class temp_tree {
public:
    temp_tree()
    {
        static std::atomic<int> counter{0};
        root_ = fs::weakly_canonical(fs::temp_directory_path()) /
                ("ucom-preprocessor-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~temp_tree()
    {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    temp_tree(const temp_tree &) = delete;
    temp_tree &operator=(const temp_tree &) = delete;

    fs::path write(const std::string &relative, const std::string &text) const
    {
        auto path = root_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    [[nodiscard]] const fs::path &root() const { return root_; }

private:
    fs::path root_;
};

// Whether `#if expression` takes its group, asserting that nothing was reported.
bool condition_holds(const std::string &expression, const idl::preprocessor_options &options = {})
{
    preprocessed p("#if " + expression + "\nyes\n#else\nno\n#endif\n", options);
    INFO(expression);
    CHECK(p.diags.all().empty());
    return p.spelled() == "yes";
}

} // namespace

TEST_CASE("Object-like macros are replaced by their body wherever their name appears")
{
    preprocessed p("#define N 42\n#define EMPTY\nconst long x = N EMPTY;\n");
    CHECK(p.spelled() == "const long x = 42 ;");
    CHECK(p.tokens[4].kind == idl::token_kind::integer);
    CHECK(p.diags.all().empty());
}

TEST_CASE("Expanded tokens point at the macro's use, arguments keep their own location")
{
    preprocessed p("#define N 42\n#define ID(x) [x]\nN ID(y)");
    REQUIRE(p.tokens.size() == 5);
    auto at = [&](std::size_t i) { return p.sources.presume(p.tokens[i].location); };
    CHECK(at(0).line == 3);
    CHECK(at(0).column == 1);
    CHECK(at(1).column == 3); // '[' from the body: where ID is used
    CHECK(at(2).column == 6); // 'y': where the argument was written
    CHECK(p.tokens[0].at_line_start);
}

TEST_CASE("Function-like macros substitute their arguments, each fully expanded first")
{
    preprocessed p("#define SQ(x) ((x)*(x))\n#define TWO 2\n#define PAIR(a, b) a|b\nSQ(TWO) PAIR((1, 2), f(3, 4))");
    CHECK(p.spelled() == "( ( 2 ) * ( 2 ) ) ( 1 , 2 ) | f ( 3 , 4 )");
    CHECK(p.diags.all().empty());
}

TEST_CASE("__FILE__ and __LINE__ give the file's name and the line where they stand, in a macro the use's")
{
    preprocessed p("const long A = __LINE__;\n#define HERE __LINE__\n\nconst long B = HERE; cpp_quote(__FILE__)");
    CHECK(p.spelled() == "const long A = 1 ; const long B = 4 ; cpp_quote ( \"test.idl\" )");
    CHECK(p.diags.all().empty());
    preprocessed redefined("#define __LINE__ 7\n__LINE__");
    CHECK(redefined.spelled() == "7");
}

TEST_CASE("__VA_OPT__ gives its tokens, substituted, only when there are variable arguments")
{
    preprocessed p("#define CALL(f, ...) f(__VA_OPT__(1, __VA_ARGS__))\n#define N 2\nCALL(g) CALL(h, N, (3, 4))");
    CHECK(p.spelled() == "g ( ) h ( 1 , 2 , ( 3 , 4 ) )");
    CHECK(p.diags.all().empty());
}

TEST_CASE("A function-like macro's name without '(' is not an invocation")
{
    preprocessed p("#define F(x) <x>\n#define G (y)\nF + F\n(1) G");
    CHECK(p.spelled() == "F + < 1 > ( y )"); // a space before '(' makes G object-like
}

TEST_CASE("Stringizing quotes the argument as written, escaping quotes and backslashes")
{
    preprocessed p("#define S(x) #x\n#define XS(x) S(x)\n#define N 1\nS(  a  +\tb ) S(\"q\\n\" 'c') S() S(N) XS(N)");
    REQUIRE(p.tokens.size() == 6);
    CHECK(p.tokens[0].text == R"("a + b")");
    CHECK(p.tokens[0].kind == idl::token_kind::string);
    CHECK(p.tokens[1].text == R"("\"q\\n\" 'c'")");
    CHECK(p.tokens[2].text == R"("")");
    CHECK(p.tokens[3].text == R"("N")");
    CHECK(p.tokens[4].text == R"("1")");
}

TEST_CASE("Token pasting joins spellings into one token, an empty argument pastes as nothing")
{
    preprocessed p("#define CAT(a, b) a ## b\n#define OBJ x ## y\n#define IFoo 7\n"
                   "CAT(I, Bar) CAT(, x) CAT(y, ) CAT(1, 2) CAT(<, <) OBJ CAT(I, Foo) CAT(a, b ## c) CAT(,)");
    CHECK(p.spelled() == "IBar x y 12 << xy 7 ab ## c");
    CHECK(p.tokens[3].kind == idl::token_kind::integer);
    CHECK(p.tokens[4].kind == idl::token_kind::punctuator);
    CHECK(p.diags.all().empty());
}

TEST_CASE("Variadic macros collect the remaining arguments in __VA_ARGS__")
{
    preprocessed p("#define CALL(f, ...) f(__VA_ARGS__)\n#define S(...) #__VA_ARGS__\n"
                   "#define LOG(fmt, ...) print(fmt, ## __VA_ARGS__)\n"
                   "CALL(g, 1, (2, 3)) CALL(h) S(a, b) LOG(x) LOG(x, 1)");
    CHECK(p.spelled() == R"(g ( 1 , ( 2 , 3 ) ) h ( ) "a, b" print ( x ) print ( x , 1 ))");
    CHECK(p.diags.all().empty());
}

TEST_CASE("A macro is not expanded again inside its own expansion")
{
    SECTION("a macro naming itself")
    {
        preprocessed p("#define foo foo\n#define bar [bar]\nfoo bar");
        CHECK(p.spelled() == "foo [ bar ]");
    }
    SECTION("macros naming each other")
    {
        preprocessed p("#define a b\n#define b a\na b");
        CHECK(p.spelled() == "a b");
    }
    SECTION("a function-like macro whose expansion invokes itself")
    {
        preprocessed p("#define f(x) f(x + 1)\nf(0)");
        CHECK(p.spelled() == "f ( 0 + 1 )");
    }
    SECTION("the C standard's example: an invocation completed by the source text expands")
    {
        preprocessed p("#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)");
        CHECK(p.spelled() == "2 * 9 * g");
    }
}

TEST_CASE("Conditional groups take the first true branch, nested and with #elif")
{
    preprocessed p("#define TWO 2\n"
                   "#if TWO == 1\n one\n#elif TWO == 2\n"
                   "#  ifdef TWO\n   two\n#    if 0\n    never\n#    else\n    inner\n#    endif\n#  endif\n"
                   "#elif 1\n not_again\n#else\n none\n#endif\n"
                   "#ifndef THREE\n no_three\n#endif\nend");
    CHECK(p.spelled() == "two inner no_three end");
    CHECK(p.diags.all().empty());
}

TEST_CASE("Skipped groups ignore every directive except the nesting of conditionals")
{
    preprocessed p("#if 0\n#foo\n#include \"missing.idl\"\n#if 1/0\n#else\n#endif\n#error no\n#define X 1\n"
                   "#elif 1\nyes\n#elif 1/0\n#else\n#error never\n#endif\nX");
    CHECK(p.spelled() == "yes X");
    CHECK(p.diags.all().empty());
}

TEST_CASE("defined works with and without parentheses, and when a macro produces it")
{
    idl::preprocessor_options options;
    options.defines = {{"A", "1"}, {"F(x)", "x"}, {"HAS_A", "defined(A)"}};
    CHECK(condition_holds("defined A && defined(F) && !defined B && !defined(B)", options));
    CHECK(condition_holds("HAS_A", options));
    CHECK(condition_holds("defined A == 1", options));
}

TEST_CASE("#if evaluates C's integer constant expressions")
{
    CHECK(condition_holds("1 + 2 * 3 == 7 && (1 + 2) * 3 == 9"));
    CHECK(condition_holds("(1 << 4) == 16 && (256 >> 4) == 16 && (-16 >> 2) == -4"));
    CHECK(condition_holds("0x10 == 16 && 010 == 8 && 10UL == 10 && 'A' == 65 && '\\n' == 10"));
    CHECK(condition_holds("7 / 2 == 3 && 7 % 2 == 1 && -7 / 2 == -3 && -7 % 2 == -1"));
    CHECK(condition_holds("(5 & 3) == 1 && (5 | 3) == 7 && (5 ^ 3) == 6 && ~0 == -1"));
    CHECK(condition_holds("!0 && !!5 && -(-3) == +3"));
    CHECK(condition_holds("1 < 2 && 2 > 1 && 2 <= 2 && 2 >= 3 == 0 && 1 != 2"));
    CHECK(condition_holds("(1 ? 2 : 3) == 2 && (0 ? 2 : 3) == 3 && (0, 5) == 5"));
    CHECK(condition_holds("NOT_A_MACRO == 0 && (NOT_A_MACRO + 1) == 1"));
    CHECK(condition_holds("__midl >= 501 && __UCOM_IDL__ && defined(__WIDL__)"));
    CHECK_FALSE(condition_holds("0"));
    CHECK_FALSE(condition_holds("NOT_A_MACRO"));
}

TEST_CASE("#if follows C's signed and unsigned arithmetic")
{
    CHECK(condition_holds("-1 < 0"));
    CHECK_FALSE(condition_holds("-1 < 0u"));              // -1 converts to the largest unsigned
    CHECK(condition_holds("18446744073709551615 == -1")); // too large for intmax_t: unsigned
    CHECK(condition_holds("0xFFFFFFFFFFFFFFFF > 0"));
    CHECK(condition_holds("(1 ? -1 : 0u) > 0")); // ?: takes the common type
    CHECK(condition_holds("-9223372036854775807 - 1 < 0"));
    CHECK(condition_holds("(-9223372036854775807 - 1) / -1 < 0")); // wraps, as gcc's does
    CHECK(condition_holds("(1 << 64) == 0 && (1 << -1) == 0 && (-1 >> 99) == -1"));
}

TEST_CASE("Operands that C does not evaluate do not report division by zero")
{
    CHECK_FALSE(condition_holds("0 && 1 / 0"));
    CHECK(condition_holds("1 || 1 % 0"));
    CHECK(condition_holds("1 ? 1 : 1 / 0"));
    CHECK(condition_holds("0 ? 1 / 0 : 1"));
}

TEST_CASE("Command-line -D definitions apply in order, after the predefined macros")
{
    idl::preprocessor_options options;
    options.defines = {{"A", "1"}, {"B", "A + 1"}, {"TWICE(x)", "x * 2"}, {"EMPTY", ""}};
    preprocessed p("__midl __UCOM_IDL__ A B TWICE(3) EMPTY end", options);
    CHECK(p.spelled() == "501 1 1 1 + 1 3 * 2 end");
    CHECK(p.diags.all().empty());
}

TEST_CASE("A -D option that changes a predefined macro warns where the command line is shown")
{
    idl::preprocessor_options options;
    options.defines = {{"__midl", "600"}, {"3", "x"}};
    preprocessed p("__midl", options);
    CHECK(p.spelled() == "600");
    CHECK(p.first(idl::severity::warning) == "<command line>:1:1: warning: '__midl' redefined\n__midl 600\n^\n");
    CHECK(p.first_error_line() == "<command line>:1:1: error: macro names must be identifiers");
}

TEST_CASE("Redefining a macro with a different body warns and points at the previous definition")
{
    preprocessed p("#define X 1\n#define X  1\n#define X 2\n#define F(a) a\n#define F(b) b\nX");
    CHECK(p.spelled() == "2");
    REQUIRE(p.diags.all().size() == 4);
    CHECK(p.diags.render(p.diags.all()[0], p.sources) ==
          "test.idl:3:9: warning: 'X' redefined\n#define X 2\n        ^\n");
    CHECK(p.diags.render(p.diags.all()[1], p.sources) ==
          "test.idl:1:9: note: this is the location of the previous definition\n#define X 1\n        ^\n");
    CHECK(p.diags.render(p.diags.all()[2], p.sources).starts_with("test.idl:5:9: warning: 'F' redefined"));
}

TEST_CASE("#undef removes a macro")
{
    preprocessed p("#define X 1\nX\n#undef X\nX\n#undef NEVER_DEFINED\n#ifdef X\nbad\n#endif");
    CHECK(p.spelled() == "1 X");
    CHECK(p.diags.all().empty());
}

TEST_CASE("Includes are found beside the including file first, then in the include dirs in order")
{
    temp_tree tree;
    tree.write("main/a.idl", "a_beside");
    tree.write("inc1/a.idl", "a_inc1");
    tree.write("main/b.idl", "b_beside");
    tree.write("inc1/b.idl", "b_inc1");
    tree.write("inc1/c.idl", "c_inc1");
    tree.write("inc2/c.idl", "c_inc2");
    tree.write("inc2/sub dir/d.idl", "d_inc2");
    tree.write("inc2/e.idl", "e_inc2 #define FROM_E 5\n");
    auto main = tree.write("main/main.idl", "#include \"a.idl\"\n#include <b.idl>\n#include \"c.idl\"\n"
                                            "#include <sub dir/d.idl>\n#define HEADER <e.idl>\n#include HEADER\n"
                                            "FROM_E");
    idl::preprocessor_options options;
    options.include_dirs = {tree.root() / "inc1", tree.root() / "inc2"};
    preprocessed p(disk_file{main}, options);
    CHECK(p.spelled() == "a_beside b_inc1 c_inc1 d_inc2 e_inc2 # define FROM_E 5 FROM_E");
    CHECK(p.diags.all().empty());
    REQUIRE(p.tokens.back().kind == idl::token_kind::end_of_file);
    CHECK(p.tokens.back().location.file == 1);
    CHECK(std::count_if(p.tokens.begin(), p.tokens.end(),
                        [](const idl::token &t) { return t.kind == idl::token_kind::end_of_file; }) == 1);
}

TEST_CASE("#include_next finds the next file of that name in the include dirs after the includer's, as gcc's")
{
    temp_tree tree;
    tree.write("inc1/limits.idl", "inc1_limits\n#include_next <limits.idl>\n");
    tree.write("inc2/limits.idl", "inc2_limits\n#include_next \"limits.idl\"\n");
    tree.write("inc3/limits.idl", "inc3_limits");
    tree.write("main/limits.idl", "main_limits");
    // From the main file, found in no include dir: every include dir, not its own folder.
    auto main = tree.write("main/main.idl", "#include <limits.idl>\n#include_next <limits.idl>\n");
    idl::preprocessor_options options;
    options.include_dirs = {tree.root() / "inc1", tree.root() / "inc2", tree.root() / "inc3"};
    preprocessed p(disk_file{main}, options);
    CHECK(p.spelled() == "inc1_limits inc2_limits inc3_limits inc1_limits inc2_limits inc3_limits");
    CHECK(p.diags.all().empty());
    tree.write("inc3/limits.idl", "#include_next <limits.idl>\n");
    preprocessed last(disk_file{main}, options);
    CHECK(last.first_error().find("inc3/limits.idl:1:15: error: 'limits.idl' file not found") != std::string::npos);
}

TEST_CASE("find_include searches the including file's folder only for quoted names")
{
    temp_tree tree;
    auto beside = tree.write("src/x.idl", "");
    auto in_dir = tree.write("inc/x.idl", "");
    tree.write("inc/folder.idl/placeholder", "");
    auto includer = tree.root() / "src" / "main.idl";
    std::vector<fs::path> dirs = {tree.root() / "inc"};
    CHECK(idl::find_include("x.idl", includer, dirs, false) == beside);
    CHECK(idl::find_include("x.idl", includer, dirs, true) == in_dir);
    CHECK(idl::find_include("x.idl", {}, dirs, false) == in_dir);
    CHECK(idl::find_include(in_dir.string(), includer, {}, true) == in_dir);
    CHECK_FALSE(idl::find_include("y.idl", includer, dirs, false));
    CHECK_FALSE(idl::find_include("folder.idl", includer, dirs, true)); // a folder is no file
}

TEST_CASE("Macros and conditionals cross into included files, and their errors show the include chain")
{
    temp_tree tree;
    tree.write("inner.idl", "#ifdef OUTER\nINNER_OK\n#endif\n#error boom\n");
    tree.write("middle.idl", "#define INNER_OK from_inner\n#include \"inner.idl\"\n");
    auto main = tree.write("main.idl", "#define OUTER\n\n#include \"middle.idl\"\nafter");
    preprocessed p(disk_file{main});
    CHECK(p.spelled() == "from_inner after");
    auto root = tree.root().string();
    CHECK(p.first_error() == "In file included from " + root + "/middle.idl:2,\n                 from " + root +
                                 "/main.idl:3:\n" + root + "/inner.idl:4:2: error: #error boom\n#error boom\n ^\n");
}

TEST_CASE("What the lexer finds in a skipped group is dropped unless it is an unterminated comment")
{
    SECTION("prose with an apostrophe inside #if 0")
    {
        preprocessed p("#if 0\nit's not IDL: don't \xC2\xA7\n#endif\nconst long x = 1;\n");
        CHECK(p.diags.all().empty());
        CHECK(p.spelled() == "const long x = 1 ;");
    }
    SECTION("the same text in an active group")
    {
        preprocessed p("#if 1\nit's\n#endif\n");
        CHECK(p.first_error_line() == "test.idl:2:3: error: missing terminating ' character");
    }
    SECTION("an unterminated comment in a skipped group")
    {
        preprocessed p("#if 0\n/* never closed\n#endif\n");
        std::vector<std::string> messages;
        for (const auto &d : p.diags.in_source_order(p.sources)) {
            messages.push_back(d->message);
        }
        CHECK(messages == std::vector<std::string>{"unterminated #if", "unterminated /* comment"});
    }
}

TEST_CASE("An unterminated conditional is reported at the end of the file that opened it")
{
    temp_tree tree;
    tree.write("open.idl", "#ifndef GUARD\n#define GUARD\ninside\n");
    auto main = tree.write("main.idl", "#if 1\n#include \"open.idl\"\n#endif\nafter");
    preprocessed p(disk_file{main});
    CHECK(p.spelled() == "inside after");
    REQUIRE(p.diags.error_count() == 1);
    auto root = tree.root().string();
    CHECK(p.first_error() == "In file included from " + root + "/main.idl:2:\n" + root +
                                 "/open.idl:1:2: error: unterminated #ifndef\n#ifndef GUARD\n ^\n");
}

TEST_CASE("#pragma lines are dropped, and #pragma once stops a second inclusion")
{
    temp_tree tree;
    tree.write("once.idl", "#pragma once\nonce_body\n");
    auto main = tree.write("main.idl", "#pragma midl_echo(\"typedef int x;\")\n#pragma pack(4)\n"
                                       "#include \"once.idl\"\n#include \"once.idl\"\n#pragma\nend");
    preprocessed p(disk_file{main});
    CHECK(p.spelled() == "once_body end");
    CHECK(p.diags.all().empty());
}

TEST_CASE("#line, line markers and the null directive are accepted and produce nothing")
{
    preprocessed p("#line 40 \"other.idl\"\n# 12 \"x.idl\"\n#\n  #  \nx");
    CHECK(p.spelled() == "x");
    CHECK(p.diags.all().empty());
    CHECK(p.sources.presume(p.tokens[0].location).line == 5);
}

TEST_CASE("A file that includes itself stops at the include depth limit")
{
    temp_tree tree;
    auto self = tree.write("self.idl", "#include \"self.idl\"\nx\n");
    preprocessed p(disk_file{self});
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error_line() == self.string() + ":1:2: error: #include nested too deeply (limit 200)");
    CHECK(p.tokens.size() == 202); // each of the 201 open levels still ends with its x
}

TEST_CASE("A missing include is reported at its name")
{
    preprocessed p("\n#include \"nowhere.idl\"\n#include <nowhere.idl>\nafter");
    CHECK(p.first_error() == "test.idl:2:10: error: 'nowhere.idl' file not found\n"
                             "#include \"nowhere.idl\"\n"
                             "         ^\n");
    CHECK(p.diags.error_count() == 2);
    CHECK(p.spelled() == "after");
}

TEST_CASE("#error stops nothing, #warning warns")
{
    preprocessed p("#warning take  care\n#error this is   bad // comment\nafter");
    CHECK(p.first(idl::severity::warning) == "test.idl:1:2: warning: #warning take care\n#warning take  care\n ^\n");
    CHECK(p.first_error_line() == "test.idl:2:2: error: #error this is bad");
    CHECK(p.spelled() == "after");
}

TEST_CASE("Extra tokens after a directive's operands are a warning")
{
    preprocessed p("#ifdef A B\n#else C\n#endif D\n#undef A B\n#include \"x.idl\" y");
    std::vector<std::string> warnings;
    for (const auto &d : p.diags.all()) {
        if (d.severity == idl::severity::warning) {
            warnings.push_back(d.message);
        }
    }
    CHECK(warnings ==
          std::vector<std::string>{"extra tokens at end of #ifdef directive", "extra tokens at end of #else directive",
                                   "extra tokens at end of #endif directive", "extra tokens at end of #undef directive",
                                   "extra tokens at end of #include directive"});
}

TEST_CASE("Each malformed directive is reported with gcc's wording at the offending token")
{
    struct error_case {
        const char *input;
        const char *first_error_line;
    };
    const error_case cases[] = {
        {"#foo", "test.idl:1:2: error: invalid preprocessing directive #foo"},
        {"#\"x\"", "test.idl:1:2: error: invalid preprocessing directive #\"x\""},
        {"#define", "test.idl:1:2: error: no macro name given in #define directive"},
        {"#undef", "test.idl:1:2: error: no macro name given in #undef directive"},
        {"#ifdef\n#endif", "test.idl:1:2: error: no macro name given in #ifdef directive"},
        {"#define 3 x", "test.idl:1:9: error: macro names must be identifiers"},
        {"#ifndef \"x\"\n#endif", "test.idl:1:9: error: macro names must be identifiers"},
        {"#define defined 1", "test.idl:1:9: error: 'defined' cannot be used as a macro name"},
        {"#define F(a,) a", "test.idl:1:13: error: expected parameter name, found ')'"},
        {"#define F(1) x", "test.idl:1:11: error: expected parameter name, found '1'"},
        {"#define F(a b) a", "test.idl:1:13: error: expected ',' or ')', found 'b'"},
        {"#define F(..., a) a", "test.idl:1:11: error: expected ')' after '...'"},
        {"#define F(", "test.idl:1:10: error: missing ')' in macro parameter list"},
        {"#define F(a, b\nF(1, 2)", "test.idl:1:10: error: missing ')' in macro parameter list"},
        {"#define F(a, a) a", "test.idl:1:14: error: duplicate macro parameter 'a'"},
        {"#define F(a) #b", "test.idl:1:14: error: '#' is not followed by a macro parameter"},
        {"#define F(a) ## a", "test.idl:1:14: error: '##' cannot appear at either end of a macro expansion"},
        {"#define G a ##", "test.idl:1:13: error: '##' cannot appear at either end of a macro expansion"},
        {"#define F(a, b) a\nF(1)", "test.idl:2:1: error: macro 'F' requires 2 arguments, but only 1 given"},
        {"#define F(a, b, ...) a\nF(1)", "test.idl:2:1: error: macro 'F' requires 3 arguments, but only 1 given"},
        {"#define F(a, b) a\nF(1, 2, 3)", "test.idl:2:1: error: macro 'F' passed 3 arguments, but takes just 2"},
        {"#define F() x\nF(1)", "test.idl:2:1: error: macro 'F' passed 1 arguments, but takes just 0"},
        {"#define F(a) a\nx F(1, (2)", "test.idl:2:3: error: unterminated argument list invoking macro 'F'"},
        {"#define CAT(a, b) a ## b\nCAT(+, /)", "test.idl:2:1: error: pasting '+' and '/' does not give a valid "
                                                "preprocessing token"},
        {"#include", "test.idl:1:2: error: #include expects \"FILENAME\" or <FILENAME>"},
        {"#include foo", "test.idl:1:10: error: #include expects \"FILENAME\" or <FILENAME>"},
        {"#include L\"x.idl\"", "test.idl:1:10: error: #include expects \"FILENAME\" or <FILENAME>"},
        {"#include <a.idl", "test.idl:1:10: error: missing terminating > character"},
        {"#include \"\"", "test.idl:1:10: error: empty filename in #include"},
        {"#include <>", "test.idl:1:10: error: empty filename in #include"},
        {"#if 1\nx", "test.idl:1:2: error: unterminated #if"},
        {"#ifdef X\n#else\nx", "test.idl:1:2: error: unterminated #ifdef"},
        {"#endif", "test.idl:1:2: error: #endif without #if"},
        {"#else", "test.idl:1:2: error: #else without #if"},
        {"#elif 1", "test.idl:1:2: error: #elif without #if"},
        {"#if 1\n#else\n#else\n#endif", "test.idl:3:2: error: #else after #else"},
        {"#if 0\n#else\n#elif 1\n#endif", "test.idl:3:2: error: #elif after #else"},
        {"#if\n#endif", "test.idl:1:2: error: #if with no expression"},
        {"#if 0\n#elif\n#endif", "test.idl:2:2: error: #elif with no expression"},
        {"#if (1\n#endif", "test.idl:1:5: error: missing ')' in expression"},
        {"#if (\n#endif", "test.idl:1:5: error: missing ')' in expression"},
        {"#if 1)\n#endif", "test.idl:1:6: error: missing '(' in expression"},
        {"#if )\n#endif", "test.idl:1:5: error: missing '(' in expression"},
        {"#if ()\n#endif", "test.idl:1:5: error: missing expression between '(' and ')'"},
        {"#if 1 2\n#endif", "test.idl:1:7: error: missing binary operator before token '2'"},
        {"#define EMPTY\n#if EMPTY\n#endif", "test.idl:2:2: error: #if with no expression"},
        {"#if UNDEFINED(2)\n#endif", "test.idl:1:14: error: missing binary operator before token '('"},
        {"#if 1 +\n#endif", "test.idl:1:7: error: operator '+' has no right operand"},
        {"#if (1 -)\n#endif", "test.idl:1:8: error: operator '-' has no right operand"},
        {"#if !\n#endif", "test.idl:1:5: error: operator '!' has no right operand"},
        {"#if * 2\n#endif", "test.idl:1:5: error: operator '*' has no left operand"},
        {"#if 1 + * 2\n#endif", "test.idl:1:9: error: operator '*' has no left operand"},
        {"#if \"s\"\n#endif", "test.idl:1:5: error: token '\"s\"' is not valid in preprocessor expressions"},
        {"#if 1 + {\n#endif", "test.idl:1:9: error: token '{' is not valid in preprocessor expressions"},
        {"#if 1.0\n#endif", "test.idl:1:5: error: floating constant in preprocessor expression"},
        {"#if 99999999999999999999\n#endif", "test.idl:1:5: error: integer constant is too large for its type"},
        {"#if 1 / 0\n#endif", "test.idl:1:7: error: division by zero in #if"},
        {"#define ZERO 0\n#if 1 % ZERO\n#endif", "test.idl:2:7: error: division by zero in #if"},
        {"#if 1 ? 2\n#endif", "test.idl:1:7: error: '?' without following ':'"},
        {"#if 1 : 2\n#endif", "test.idl:1:7: error: ':' without preceding '?'"},
        {"#if defined\n#endif", "test.idl:1:5: error: operator 'defined' requires an identifier"},
        {"#if defined(1)\n#endif", "test.idl:1:13: error: operator 'defined' requires an identifier"},
        {"#if defined(X\n#endif", "test.idl:1:5: error: missing ')' after 'defined'"},
        {"#define F(x) x\n#if F(1\n#endif", "test.idl:2:5: error: unterminated argument list invoking macro 'F'"},
    };
    for (const auto &c : cases) {
        preprocessed p(c.input);
        INFO(c.input);
        CHECK(p.first_error_line() == c.first_error_line);
        CHECK(p.tokens.back().kind == idl::token_kind::end_of_file);
    }
}

TEST_CASE("An error renders with its source line and a caret")
{
    preprocessed p("#define F(a, b) a\nconst long x = F(1);");
    CHECK(p.first_error() == "test.idl:2:16: error: macro 'F' requires 2 arguments, but only 1 given\n"
                             "const long x = F(1);\n"
                             "               ^\n");
    CHECK(p.spelled() == "const long x = ;"); // the broken invocation is dropped, the rest goes on
}

TEST_CASE("A malformed #if counts as false and is reported once")
{
    preprocessed p("#if 1 +\nyes\n#else\nno\n#endif");
    CHECK(p.spelled() == "no");
    CHECK(p.diags.error_count() == 1);
}

TEST_CASE("Malformed input never crashes or hangs")
{
    const char *inputs[] = {
        "#define F(",
        "#define F(x",
        "#define F(x,",
        "#define F(...",
        "#define F(x) x\nF(",
        "#define F(x) x\nF((((",
        "#define F(...) __VA_ARGS__\nF(a,",
        "#define S(x) #x\nS(",
        "#if",
        "#if ((((((",
        "#if 1 ? :",
        "#if defined(",
        "#if - - - -",
        "#elif",
        "#else\n#else",
        "#",
        "#include",
        "#include <",
        "#define A A B\nA A",
        "#define F(x) F(x) F\nF(1)(2)(3)",
        "#define CAT(a, b) a ## b\nCAT(CAT, (1, 2))",
        "#define E(x) x ## x\nE() E(##)",
        "#if 0\n#if 1\n#else",
        "#ifdef\n#ifndef\n#endif\n#endif\n#endif",
        "#define X(a, ...) #__VA_ARGS__ a ## __VA_ARGS__\nX(,) X()",
    };
    for (const auto *input : inputs) {
        INFO(input);
        preprocessed p(input);
        REQUIRE_FALSE(p.tokens.empty());
        CHECK(p.tokens.back().kind == idl::token_kind::end_of_file);
    }
}

TEST_CASE("Errors stop being collected at the diagnostics limit and preprocessing ends")
{
    std::string text;
    for (int i = 0; i < 50; ++i) {
        text += "#foo\nx\n";
    }
    preprocessed p(text);
    CHECK(p.diags.should_stop());
    CHECK(p.tokens.back().kind == idl::token_kind::end_of_file);
    CHECK(p.tokens.size() < 50);
}

// Hostile inputs (issue 10): each limit of preprocessor_limits stops the file at the line that
// hits it, reports the limit and its value, and leaves no output for the parser to stumble on.
namespace {

std::string repeated(std::string_view text, std::size_t times)
{
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

// `#define a0 x x …` and each a<k> ten of a<k-1>: a<levels-1> is 10^levels tokens.
std::string laughs(int levels)
{
    std::string text = "#define a0 " + repeated("x ", 10) + "\n";
    for (int i = 1; i < levels; ++i) {
        text += fmt::format("#define a{} {}\n", i, repeated(fmt::format("a{} ", i - 1), 10));
    }
    return text;
}

} // namespace

TEST_CASE("An #if with 20,000 nested parentheses is an error at the depth limit, not a stack overflow")
{
    preprocessed p("#if " + repeated("(", 20'000) + "1" + repeated(")", 20'000) + "\nyes\n#endif\nafter");
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error_line() == "test.idl:1:261: error: #if expression nested too deeply (limit 256)");
    CHECK(p.spelled() == "after"); // the #if counts as false, and the file goes on
}

TEST_CASE("Unary operators and '?:' nested past the depth limit are errors too")
{
    preprocessed unary("#if " + repeated("!", 20'000) + "0\nyes\n#endif\n");
    CHECK(unary.first_error_line() == "test.idl:1:261: error: #if expression nested too deeply (limit 256)");
    preprocessed conditional("#if " + repeated("1 ? ", 20'000) + "1" + repeated(" : 0", 20'000) + "\nyes\n#endif\n");
    CHECK(conditional.first_error_line() == "test.idl:1:1031: error: #if expression nested too deeply (limit 256)");
    CHECK(conditional.spelled().empty());
    preprocessed shallow("#if " + repeated("(", 256) + "1" + repeated(")", 256) + "\nyes\n#endif\n");
    CHECK(shallow.diags.all().empty());
    CHECK(shallow.spelled() == "yes");
}

TEST_CASE("Macro invocations nested 270 deep in arguments stop at the nesting limit, not a stack overflow")
{
    preprocessed p("#define F(x) x\n" + repeated("F(", 270) + "1" + repeated(")", 270) + "\n");
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error_line() == "test.idl:2:513: error: macro invocations nested too deeply in arguments (limit 256)");
    CHECK(p.tokens.size() == 1);
    preprocessed shallow("#define F(x) x\n" + repeated("F(", 256) + "1" + repeated(")", 256) + "\n");
    CHECK(shallow.diags.all().empty());
    CHECK(shallow.spelled() == "1");
}

TEST_CASE("Macro invocations nested 20,000 deep stop at a limit in proportion to the file's size")
{
    // Each level copies the arguments inside it: the copies are paid from the output budget.
    preprocessed p("#define F(x) x\n" + repeated("F(", 20'000) + "1" + repeated(")", 20'000) + "\n");
    REQUIRE(p.diags.error_count() == 1);
    CHECK_THAT(p.first_error_line(), Catch::Matches("test\\.idl:2:[0-9]+: error: preprocessed output too large "
                                                    "\\(limit [0-9]+ bytes\\)"));
    CHECK(p.tokens.size() == 1);
}

TEST_CASE("A billion laughs of macros stops at the output limit with no output")
{
    preprocessed p(laughs(10) + "const long x = 1;\na9\n");
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error() == "test.idl:12:1: error: preprocessed output too large (limit 262144 bytes)\na9\n^\n");
    CHECK(p.tokens.size() == 1);
    CHECK(p.tokens.back().kind == idl::token_kind::end_of_file);
}

TEST_CASE("Stringizing the expansion of a huge macro stops at the output limit")
{
    preprocessed p("#define S(x) #x\n#define XS(x) S(x)\n" + laughs(7) + "const char *s = XS(a6);\n");
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error_line() == "test.idl:10:20: error: preprocessed output too large (limit 262144 bytes)");
    CHECK(p.tokens.size() == 1);
}

TEST_CASE("A file #included over and over stops at the output limit, at the #include that passes it")
{
    temp_tree tree;
    tree.write("leaf.idl", "#if 0\n" + repeated("skipped text\n", 100) + "#endif\n");
    tree.write("middle.idl", repeated("#include \"leaf.idl\"\n", 100));
    auto main = tree.write("main.idl", repeated("#include \"middle.idl\"\n", 100));
    preprocessed p(disk_file{main});
    REQUIRE(p.diags.error_count() == 1);
    const auto &error = p.diags.all().front();
    CHECK(error.message == "preprocessed output too large (limit 352832 bytes)"); // 64 x 5,513 source bytes
    CHECK(p.sources.name(error.location.file).ends_with("middle.idl"));
    CHECK(p.sources.presume(error.location).column == 2);
    CHECK(p.tokens.size() == 1);
}

TEST_CASE("The output limit is a multiple of the source bytes read, with a floor for small files")
{
    idl::preprocessor_options options;
    options.limits.output_floor = 0;
    options.limits.output_per_source_byte = 2;
    // 28 bytes of source may give 56 of output: the source's 28, then 7 times "a b" (4 bytes).
    preprocessed fits("#define T a b\nT T T T T T T\n", options);
    CHECK(fits.diags.all().empty());
    // One T more: 30 bytes of source may give 60, and the eighth T makes it 62.
    const std::string over = "#define T a b\nT T T T T T T T\n";
    preprocessed past(over, options);
    CHECK(past.first_error_line() == "test.idl:2:15: error: preprocessed output too large (limit 60 bytes)");
    options.limits.output_floor = 1000;
    preprocessed floor(over, options);
    CHECK(floor.diags.all().empty());
}

TEST_CASE("Macro expansions past the expansion limit stop the file, even when they expand to nothing")
{
    idl::preprocessor_options options;
    options.limits.expansions = 1000;
    preprocessed p("#define E\n#define F() E E\n" + repeated("F() ", 333) + "E E\nx\n", options);
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.first_error_line() == "test.idl:3:1335: error: too many macro expansions in one file (limit 1000)");
    CHECK(p.tokens.size() == 1);
    preprocessed under("#define E\n#define F() E E\n" + repeated("F() ", 333) + "E\nx\n", options);
    CHECK(under.diags.all().empty());
    CHECK(under.spelled() == "x");
}

TEST_CASE("A budget hit while an argument list is read, in an #if or in an #include name stops quietly")
{
    idl::preprocessor_options options;
    options.limits.expansions = 3;
    preprocessed in_arguments("#define E\n#define F(x) x\nF(\n#if E E E E 1\n#endif\n)\nafter", options);
    CHECK(in_arguments.diags.error_count() == 1);
    preprocessed in_if("#define E\n#if E E E E 1\n#endif\n", options);
    CHECK(in_if.diags.error_count() == 1);
    preprocessed in_include("#define E\n#include E E E E \"x.idl\"\n", options);
    CHECK(in_include.diags.error_count() == 1);
    CHECK(in_include.first_error_line() == "test.idl:2:16: error: too many macro expansions in one file (limit 3)");
}

TEST_CASE("A source file that is a FIFO, a device, a directory or over the size limit is refused before it is read")
{
    temp_tree tree;
    auto fifo = tree.root() / "fifo.idl";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto big = tree.write("big.idl", "");
    fs::resize_file(big, idl::max_source_file_size + 1); // sparse: nothing is written
    auto largest = tree.write("largest.idl", "");
    fs::resize_file(largest, idl::max_source_file_size);
    idl::source_manager sources;
    auto refused = [&](const fs::path &path) {
        idl::read_failure why;
        CHECK_FALSE(sources.load(path, {}, &why));
        return why;
    };
    CHECK(refused(fifo).detail == "a FIFO");
    CHECK(refused("/dev/zero").detail == "a character device");
    CHECK(refused(tree.root()).detail == "a directory");
    auto too_large = refused(big);
    CHECK(too_large.kind == idl::read_failure::kind::too_large);
    CHECK(too_large.size == idl::max_source_file_size + 1);
    CHECK(refused(tree.root() / "missing.idl").detail == "No such file or directory");
    auto loaded = sources.load(largest, {});
    REQUIRE(loaded);
    CHECK(sources.text(*loaded).size() == idl::max_source_file_size);
}

TEST_CASE("An #include of a device is reported at its name, with what the file is")
{
    preprocessed p("#include \"/dev/zero\"\n#include </dev/urandom>\nafter");
    CHECK(p.first_error() == "test.idl:1:10: error: cannot read '/dev/zero': it is a character device, not a regular "
                             "file\n#include \"/dev/zero\"\n         ^\n");
    CHECK(p.diags.error_count() == 2);
    CHECK(p.spelled() == "after");
}
