// The registry commands of the real `ucom` tool, run as a user runs them: a malformed
// registry stops `ucom register` with the location and leaves the file alone, as does a
// registry file the user may not write; one command's plugins are written all or none; and
// the layers the tool reads depend on who runs it.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <ucom/registry/store.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace {

namespace fs = std::filesystem;
namespace test = ucom::registry::test;

const std::string calculator_clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}";

test::command_result run_ucom(std::vector<std::string> args, const test::environment_changes &changes = {})
{
    args.insert(args.begin(), UCOM_TOOL);
    return test::run_command(args, changes);
}

// `ucom ARGS...` as an unprivileged user (nobody, through setpriv, when the tests run as root).
test::command_result unprivileged_ucom(const std::vector<std::string> &args,
                                       const test::environment_changes &changes = {})
{
    std::vector<std::string> argv = test::unprivileged_prefix();
    argv.emplace_back(UCOM_TOOL);
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_command(argv, changes);
}

// A folder root writes registries into and an unprivileged user can read: root reads and
// writes no registry in a folder others may write (root_file_policy_test.cpp).
void open_for_reading(const test::scratch_folder &scratch)
{
    fs::permissions(scratch.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                        fs::perms::others_read | fs::perms::others_exec);
}

} // namespace

TEST_CASE("ucom register refuses every malformed registry with its location and leaves it byte for byte as it was")
{
    const test::scratch_folder scratch;
    std::size_t checked = 0;
    for (const auto &entry : fs::directory_iterator(UCOM_MALFORMED_REGISTRIES)) {
        if (entry.path().extension() != ".toml") {
            continue;
        }
        const fs::path folder = scratch / entry.path().stem().string();
        fs::create_directory(folder);
        const fs::path copy = folder / entry.path().filename();
        fs::copy_file(entry.path(), copy);
        const std::string before = test::read_file(copy);
        const std::string expected = before.substr(std::string("# expect: ").size(), before.find('\n') - 10);
        INFO(entry.path().filename().string());

        // Its stderr alone: the error goes there, and nothing to stdout.
        const test::command_result run =
            test::run_command({"/bin/sh", "-c", R"("$@" 2>&1 >/dev/null)", "sh", UCOM_TOOL, "register",
                               UCOM_MARKER_PLUGIN, "--registry", copy.string()});
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.output, Catch::StartsWith("ucom register: error: " + copy.string() + ":" + expected));
        CHECK(run.output.find('\n') == run.output.size() - 1); // one line
        CHECK(test::read_file(copy) == before);
        // No temp file left behind; the lock file may stay.
        std::set<std::string> entries = test::folder_entries(folder);
        entries.erase(copy.filename().string() + ".lock");
        CHECK(entries == std::set<std::string>{copy.filename().string()});
        ++checked;
    }
    CHECK(checked >= 20);
    CHECK_FALSE(fs::exists(UCOM_MARKER_FILE));
}

TEST_CASE("ucom register refuses an unprivileged user's read-only registry file and leaves it as it was")
{
    const test::scratch_folder scratch(true);
    const fs::path path = scratch / "registry.toml";
    const test::command_result first = unprivileged_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", path.string()});
    REQUIRE(first.exit_code == 0);
    const std::string before = test::read_file(path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);

    const test::command_result refused =
        unprivileged_ucom({"unregister", calculator_clsid, "--registry", path.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output ==
          "ucom unregister: error: " + path.string() + ": cannot write (it is left as it is): Permission denied\n");
    CHECK(test::read_file(path) == before);
    CHECK(test::folder_entries(scratch.path()) ==
          std::set<std::string>{"registry.toml", "registry.toml.index", "registry.toml.lock"});
    // Still readable.
    const test::command_result listed = unprivileged_ucom({"list", "--registry", path.string()});
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.output, Catch::Contains(calculator_clsid));
}

TEST_CASE("ucom register writes all the plugins of one command or none of them")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    // The second plugin has no descriptor: refused before the registry is touched.
    const test::command_result unreadable =
        run_ucom({"register", UCOM_MARKER_PLUGIN, UCOM_PLAIN_LIBRARY, "--registry", path.string()});
    CHECK(unreadable.exit_code == 1);
    CHECK_THAT(unreadable.output, Catch::Contains("no ucom_descriptor section"));
    CHECK_FALSE(fs::exists(path));

    // A copy of the plugin declares the same CLSID: the second registration is refused,
    // and so the first is not written either.
    const fs::path copy = scratch / "libcopy.so";
    fs::copy_file(UCOM_MARKER_PLUGIN, copy);
    const test::command_result conflicting =
        run_ucom({"register", UCOM_MARKER_PLUGIN, copy.string(), "--registry", path.string()});
    CHECK(conflicting.exit_code == 1);
    CHECK_THAT(conflicting.output, Catch::Contains("ucom register: error: class " + calculator_clsid +
                                                   " is already registered by module '"));
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(UCOM_MARKER_FILE));
}

TEST_CASE("ucom register of a plugin below the registry's folder writes a relative module path")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    fs::create_directory(scratch / "plugins");
    const fs::path copy = scratch / "plugins/libcalc.so";
    fs::copy_file(UCOM_MARKER_PLUGIN, copy);
    const test::command_result run = run_ucom({"register", copy.string(), "--registry", path.string()});
    REQUIRE(run.exit_code == 0);
    CHECK(run.output == "registered " + copy.string() + " (1 class) in " + path.string() + "\n");
    const auto file = ucom::registry::load_registry(path);
    REQUIRE(file.has_value());
    CHECK(file->modules.at(0).path == "plugins/libcalc.so");
    // And the tool resolves it back to the file.
    const test::command_result shown = run_ucom({"show", calculator_clsid, "--registry", path.string()});
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.output, Catch::Contains("  module:      " + copy.string() + "\n"));
}

TEST_CASE("ucom reads UCOM_REGISTRY layers for an unprivileged user and the first registry wins")
{
    const test::scratch_folder scratch;
    open_for_reading(scratch);
    const fs::path first = scratch / "first.toml";
    const fs::path second = scratch / "second.toml";
    const fs::path copy = scratch / "libcopy.so";
    fs::copy_file(UCOM_MARKER_PLUGIN, copy);
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", first.string()}).exit_code == 0);
    REQUIRE(run_ucom({"register", copy.string(), "--registry", second.string()}).exit_code == 0);
    const test::environment_changes layered = {{"UCOM_REGISTRY", first.string() + ":" + second.string()}};

    const test::command_result shown = unprivileged_ucom({"show", calculator_clsid}, layered);
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.output, Catch::Contains("  module:      " + fs::path(UCOM_MARKER_PLUGIN).string() + "\n"));
    CHECK_THAT(shown.output, Catch::Contains("  registry:    " + first.string() + " (UCOM_REGISTRY)\n"));

    // Commands that write, write the first layer.
    const test::command_result removed = unprivileged_ucom({"unregister", calculator_clsid}, layered);
    // (The files are root's when the tests run as root, so nobody may not write them.)
    if (test::running_as_root()) {
        CHECK(removed.exit_code == 1);
        CHECK_THAT(removed.output, Catch::Contains(first.string() + ": cannot write (it is left as it is)"));
    } else {
        CHECK(removed.exit_code == 0);
        const test::command_result now = unprivileged_ucom({"show", calculator_clsid, "--json"}, layered);
        CHECK(now.exit_code == 0);
        CHECK_THAT(now.output, Catch::Contains("\"registry\": \"" + second.string() + "\""));
    }
}

TEST_CASE("ucom run by root ignores UCOM_REGISTRY and the user's registry")
{
    const test::scratch_folder scratch;
    open_for_reading(scratch);
    const fs::path environment_file = scratch / "env.toml";
    const fs::path user_file = scratch / "config/ucom/registry.toml";
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", environment_file.string()}).exit_code == 0);
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", user_file.string()}).exit_code == 0);
    const test::environment_changes by_environment = {{"UCOM_REGISTRY", environment_file.string()}};
    const test::environment_changes by_user_file = {{"UCOM_REGISTRY", std::nullopt},
                                                    {"XDG_CONFIG_HOME", (scratch / "config").string()}};

    // An unprivileged user sees the class through either.
    for (const auto &changes : {by_environment, by_user_file}) {
        const test::command_result seen = unprivileged_ucom({"show", calculator_clsid}, changes);
        CHECK(seen.exit_code == 0);
        CHECK_THAT(seen.output, Catch::Contains("class Calculator " + calculator_clsid));
    }
    CHECK_THAT(unprivileged_ucom({"show", calculator_clsid}, by_user_file).output,
               Catch::Contains("  registry:    " + user_file.string() + " (user)\n"));

    if (!test::running_as_root()) {
        WARN("not running as root: root's side of this rule was not checked");
        return;
    }
    // Root looks in the system file only, and says what it skipped.
    const std::pair<test::environment_changes, std::string> cases[] = {
        {by_environment, "UCOM_REGISTRY and the per-user registry file are"},
        {by_user_file, "the per-user registry file is"}};
    for (const auto &[changes, skipped] : cases) {
        const test::command_result seen = run_ucom({"show", calculator_clsid}, changes);
        CHECK(seen.exit_code == 1);
        CHECK(seen.output == "ucom show: error: '" + calculator_clsid + "' is not registered (searched " +
                                 UCOM_SYSTEM_REGISTRY + " (system); as root, " + skipped +
                                 " not read: only root may change what root loads)\n");
    }
}

TEST_CASE("ucom refuses a FIFO or a device as a registry file at once instead of blocking or reading without end")
{
    const test::scratch_folder scratch;
    const fs::path fifo = scratch / "registry.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    const std::vector<std::vector<std::string>> commands = {
        {"list"}, {"show", "Example.Calculator"}, {"query", "Example.Calculator"}, {"verify"},
        {"register", UCOM_MARKER_PLUGIN}};
    const std::vector<std::pair<std::string, std::string>> files = {
        {fifo.string(), "a FIFO"}, {"/dev/zero", "a character device"}, {"/dev/urandom", "a character device"}};
    for (const auto &[file, kind] : files) {
        for (std::vector<std::string> args : commands) {
            const std::string command = args.front();
            args.insert(args.begin(), UCOM_TOOL);
            args.insert(args.end(), {"--registry", file});
            INFO("ucom " + command + " --registry " + file);
            const test::command_result run = test::run_command(args, {}, std::chrono::seconds(30));
            CHECK_FALSE(run.timed_out);
            CHECK(run.exit_code == 1);
            const std::string refusal = file + ": the file is " + kind + "; a registry must be a regular file\n";
            // verify reports a refused registry file among its results; the others stop with it.
            if (command == "verify") {
                CHECK_THAT(run.output, Catch::Contains("FAIL registry " + file + "\n     " + refusal));
            } else {
                CHECK_THAT(run.output, Catch::EndsWith("ucom " + command + ": error: " + refusal));
            }
        }
    }
    CHECK(fs::is_fifo(fifo));
    CHECK_FALSE(fs::exists(UCOM_MARKER_FILE));
}

TEST_CASE("ucom register of a path with .. after a symlinked folder records the file it read")
{
    const test::scratch_folder scratch;
    fs::create_directories(scratch / "real/sub");
    fs::create_directory_symlink(scratch / "real/sub", scratch / "link");
    // The kernel reads link/../libcalc.so as real/libcalc.so; the text says libcalc.so.
    fs::copy_file(UCOM_MARKER_PLUGIN, scratch / "real/libcalc.so.1");
    fs::create_symlink("libcalc.so.1", scratch / "real/libcalc.so");
    const fs::path registry = scratch / "registry.toml";
    const std::string given = (scratch / "link/../libcalc.so").string();

    const test::command_result registered = run_ucom({"register", given, "--registry", registry.string()});
    REQUIRE(registered.exit_code == 0);
    const auto file = ucom::registry::load_registry(registry);
    REQUIRE(file.has_value());
    // The folder resolved, the symlink at the end kept as written.
    CHECK(file->modules.at(0).path == "real/libcalc.so");
    const test::command_result shown = run_ucom({"show", calculator_clsid, "--registry", registry.string()});
    CHECK_THAT(shown.output, Catch::Contains("  module:      " + (scratch / "real/libcalc.so").string() + "\n"));
    const test::command_result verified = run_ucom({"verify", "--registry", registry.string()});
    CHECK_THAT(verified.output, Catch::Contains((scratch / "real/libcalc.so").string()));
    // Unregistered by the same words.
    CHECK(run_ucom({"unregister", given, "--registry", registry.string()}).exit_code == 0);
    CHECK(ucom::registry::load_registry(registry).value().modules.empty());
}

namespace {

// Names that would move the cursor, set the window title, or start a line of their own.
constexpr const char *forging_registry = R"(format = 1
[[module]]
path = "lib\u001b[2J\nok   /fake.so"
abi = '1.0'

[[class]]
clsid = '{47E33DF5-BF12-4469-836C-2EAC6F517450}'
progid = 'Evil.Class'
name = "Evil\u001b]0;title\u0007"
description = "line\nFAKE: forged\u009b31m"
module = "lib\u001b[2J\nok   /fake.so"
interfaces = ['{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}']

[[interface]]
iid = '{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}'
name = "IEvil\r\tX"
fingerprint = '0x0000000000000000'
)";

// No byte that a terminal acts on, and no line that the names started.
void check_inert(const std::string &output)
{
    for (const char raw : {'\x1b', '\x07', '\r'}) {
        CHECK(output.find(raw) == std::string::npos);
    }
    CHECK(output.find("\xc2\x9b") == std::string::npos);
    CHECK(output.find("\nFAKE") == std::string::npos);
    CHECK(output.find("\nok   /fake") == std::string::npos);
}

} // namespace

TEST_CASE("ucom escapes control characters in names from a registry in every text output")
{
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    test::write_file(registry, forging_registry);
    const std::string module = "lib\\x1b[2J\\nok   /fake.so";
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--registry", registry.string()});
        const test::command_result result = run_ucom(args);
        INFO(result.output);
        check_inert(result.output);
        return result;
    };

    const test::command_result listed = run({"list"});
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.output, Catch::Contains("Evil.Class  {47E33DF5-BF12-4469-836C-2EAC6F517450}  " +
                                              (scratch / module).string() + "\n"));
    const test::command_result shown = run({"show", "Evil.Class"});
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.output, Catch::StartsWith("class Evil\\x1b]0;title\\x07 {47E33DF5-BF12-4469-836C-2EAC6F517450}\n"));
    CHECK_THAT(shown.output, Catch::Contains("  description: line\\nFAKE: forged\\u009b31m\n"));
    CHECK_THAT(shown.output, Catch::Contains("  module:      " + (scratch / module).string() + "\n"));
    CHECK_THAT(shown.output, Catch::Contains("  interface    IEvil\\r\\tX {E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}"));
    const test::command_result verified = run({"verify"});
    CHECK(verified.exit_code == 1);
    CHECK_THAT(verified.output, Catch::StartsWith("FAIL " + (scratch / module).string() + " (1 class, "));
    CHECK(run({"query", "Evil.Class"}).exit_code == 1);
    // Names given on the command line come back in error messages.
    const test::command_result unknown = run({"show", "Evil\x1b[31m"});
    CHECK(unknown.output == "ucom show: error: 'Evil\\x1b[31m' is not registered (searched " + registry.string() +
                                " (--registry))\n");
    CHECK(run({"unregister", "Evil\x1b[31m\nok"}).exit_code == 1);
    // JSON escapes by itself, and still does.
    const test::command_result json = run({"list", "--json"});
    CHECK_THAT(json.output, Catch::Contains(R"("module": ")" + scratch.path().string() + R"(/lib\u001b[2J\nok   /fake.so")"));
}

namespace {

// Text with Unicode's invisible layout controls: a right-to-left override that shows
// "Evil<RLO>txt.exe" as "Evilexe.txt", isolates, marks, separators that start a line.
constexpr const char *reordering_registry = R"(format = 1
[[module]]
path = "lib\u2029FAKE\u2067.so"
abi = '1.0'

[[class]]
clsid = '{47E33DF5-BF12-4469-836C-2EAC6F517450}'
progid = 'Evil.Class'
name = "Evil\u202Etxt.exe"
description = "a\u2028b\u2066c\u061Cd\u200Fe\u200Ef\uFEFFg\u202Ah\u2069"
module = "lib\u2029FAKE\u2067.so"
interfaces = []
)";

// No bidi control, line or paragraph separator or byte order mark left raw.
void check_no_layout_controls(const std::string &output)
{
    for (const char *raw : {"\u202e", "\u202a", "\u2066", "\u2067", "\u2069", "\u061c", "\u200e", "\u200f", "\u2028",
                            "\u2029", "\ufeff"}) {
        CHECK(output.find(raw) == std::string::npos);
    }
}

} // namespace

TEST_CASE("ucom escapes Unicode's bidi controls and line separators in names from a registry")
{
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    test::write_file(registry, reordering_registry);
    const test::command_result shown = run_ucom({"show", "Evil.Class", "--registry", registry.string()});
    INFO(shown.output);
    CHECK(shown.exit_code == 0);
    check_no_layout_controls(shown.output);
    CHECK_THAT(shown.output, Catch::StartsWith("class Evil\\u202etxt.exe {47E33DF5-BF12-4469-836C-2EAC6F517450}\n"));
    CHECK_THAT(shown.output,
               Catch::Contains("  description: a\\u2028b\\u2066c\\u061cd\\u200fe\\u200ef\\ufeffg\\u202ah\\u2069\n"));
    CHECK_THAT(shown.output, Catch::Contains("  module:      " + (scratch / "lib\\u2029FAKE\\u2067.so").string() + "\n"));
    const test::command_result listed = run_ucom({"list", "--registry", registry.string()});
    check_no_layout_controls(listed.output);
    CHECK_THAT(listed.output, Catch::Contains((scratch / "lib\\u2029FAKE\\u2067.so").string()));
    // Other text outside ASCII is printed as it is.
    const test::command_result unknown = run_ucom({"show", "Grüße.日本", "--registry", registry.string()});
    CHECK_THAT(unknown.output, Catch::StartsWith("ucom show: error: 'Grüße.日本' is not registered"));
}

TEST_CASE("ucom escapes bytes that are not UTF-8 in names and paths instead of printing them raw")
{
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    test::write_file(registry, "format = 1\n");
    // A lone continuation byte, a truncated sequence, an overlong '/', a UTF-16 surrogate.
    const test::command_result unknown =
        run_ucom({"show", "a\x80" "b\xe2\x80" "c\xc0\xaf" "d\xed\xa0\x80" "e\xff", "--registry", registry.string()});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.output, Catch::StartsWith("ucom show: error: 'a\\x80b\\xe2\\x80c\\xc0\\xafd\\xed\\xa0\\x80e\\xff' "
                                                 "is not registered"));
    // A plugin whose file name is not UTF-8 and whose class name reorders the line.
    const fs::path plugin = scratch / "lib\xff\xfe.so";
    const test::command_result copied = test::run_command(
        {UCOM_CLSID_REWRITER, UCOM_MARKER_PLUGIN, "text:Calculator", "text:Calc\u202erot", plugin.string()});
    REQUIRE(copied.exit_code == 0);
    const test::command_result described = run_ucom({"show", "--file", plugin.string()});
    INFO(described.output);
    CHECK(described.exit_code == 0);
    check_no_layout_controls(described.output);
    CHECK(described.output.find('\xff') == std::string::npos);
    CHECK_THAT(described.output, Catch::StartsWith((scratch / "lib\\xff\\xfe.so").string() + ": ucom module descriptor "));
    CHECK_THAT(described.output, Catch::Contains("\nclass Calc\\u202erot {47E33DF5-BF12-4469-836C-2EAC6F517450}\n"));
}

TEST_CASE("ucom escapes control characters in a plugin's file name and its descriptor's names")
{
    const test::scratch_folder scratch;
    // The class name has 10 bytes in the descriptor; the copy's has 10 too.
    const fs::path plugin = scratch / "lib\x1b[2Jevil\nok.so";
    const test::command_result copied = test::run_command(
        {UCOM_CLSID_REWRITER, UCOM_MARKER_PLUGIN, "text:Calculator", "text:Ca\x1b[2J\nFAK", plugin.string()});
    REQUIRE(copied.exit_code == 0);
    const std::string shown_plugin = (scratch / "lib\\x1b[2Jevil\\nok.so").string();

    const test::command_result described = run_ucom({"show", "--file", plugin.string()});
    INFO(described.output);
    CHECK(described.exit_code == 0);
    check_inert(described.output);
    CHECK_THAT(described.output, Catch::StartsWith(shown_plugin + ": ucom module descriptor "));
    CHECK_THAT(described.output, Catch::Contains("\nclass Ca\\x1b[2J\\nFAK {47E33DF5-BF12-4469-836C-2EAC6F517450}\n"));

    const fs::path registry = scratch / "registry.toml";
    const test::command_result registered = run_ucom({"register", plugin.string(), "--registry", registry.string()});
    INFO(registered.output);
    CHECK(registered.exit_code == 0);
    check_inert(registered.output);
    CHECK_THAT(registered.output, Catch::Contains("registered " + shown_plugin + " (1 class) in "));
    const test::command_result shown = run_ucom({"show", calculator_clsid, "--registry", registry.string()});
    check_inert(shown.output);
    CHECK_THAT(shown.output, Catch::StartsWith("class Ca\\x1b[2J\\nFAK {47E33DF5"));
}

TEST_CASE("ucom verify reports the registry's index: current, stale after a hand edit, and failing when it differs")
{
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    const std::string index = registry.string() + ".index";
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", registry.string()}).exit_code == 0);
    const test::command_result current = run_ucom({"verify", "--registry", registry.string()});
    INFO(current.output);
    CHECK_THAT(current.output, Catch::Contains("\nok   index " + index + "\n"));
    const int exit_when_current = current.exit_code;

    // A hand edit, past the timestamp tick: the index is stale, a note, and the exit code stays.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    test::write_file(registry, test::read_file(registry));
    const test::command_result stale = run_ucom({"verify", "--registry", registry.string()});
    INFO(stale.output);
    CHECK_THAT(stale.output, Catch::Contains("\nnote index " + index + " (stale)\n     " + index +
                                             ": stale: the registry file changed since the index was written"));
    CHECK(stale.exit_code == exit_when_current);

    // Rewritten by the next write, then changed behind the file's back: it differs, and fails.
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", registry.string()}).exit_code == 0);
    std::string bytes = test::read_file(index);
    bytes[bytes.size() - 2] ^= 1; // inside the last string
    test::write_file(index, bytes);
    const test::command_result differs = run_ucom({"verify", "--registry", registry.string()});
    INFO(differs.output);
    CHECK(differs.exit_code == 1);
    CHECK_THAT(differs.output, Catch::Contains("\nFAIL index " + index + " (differs)\n"));
    CHECK_THAT(differs.output, Catch::Contains("; 1 index differs from its registry file\n"));
    const test::command_result json = run_ucom({"verify", "--json", "--registry", registry.string()});
    CHECK(json.exit_code == 1);
    CHECK_THAT(json.output, Catch::Contains("\"state\": \"differs\""));
}

TEST_CASE("an index another user owns, or others may write while they may not write the registry file, is bypassed")
{
    if (!test::running_as_root()) {
        WARN("not running as root: cannot give the index to another user");
        return;
    }
    const test::scratch_folder scratch;
    open_for_reading(scratch);
    const fs::path path = scratch / "registry.toml";
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", path.string()}).exit_code == 0);
    const fs::path index = scratch / "registry.toml.index";
    REQUIRE(fs::exists(index));
    // Root's index, read by another user: trusted as long as it is the registry file's owner's.
    const test::command_result trusted = unprivileged_ucom({"verify", "--registry", path.string()});
    CHECK_THAT(trusted.output, Catch::Contains("ok   index " + index.string()));

    REQUIRE(::chown(index.c_str(), test::unprivileged_id, test::unprivileged_id) == 0);
    const test::command_result foreign = unprivileged_ucom({"verify", "--registry", path.string()});
    CHECK_THAT(foreign.output, Catch::Contains("note index " + index.string() + " (unreadable)") &&
                                   Catch::Contains("the index belongs to user 65534, the registry file to user 0"));

    REQUIRE(::chown(index.c_str(), 0, 0) == 0);
    fs::permissions(index, fs::perms::others_write, fs::perm_options::add);
    const test::command_result open_to_all = unprivileged_ucom({"verify", "--registry", path.string()});
    CHECK_THAT(open_to_all.output, Catch::Contains("others may write the index but not the registry file"));
}
