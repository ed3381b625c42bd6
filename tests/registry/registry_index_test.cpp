// The binary index beside a registry file: every write leaves one, a catalog opened for
// lookups answers from it exactly as the parsed catalog does, and one that is missing,
// stale (a hand edit of the TOML file), damaged or hostile is bypassed or fails a lookup
// with a clear error, never read out of bounds.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ucom/registry/catalog.hpp>
#include <ucom/registry/store.hpp>
#include <ucom/registry/toml_file.hpp>
#include <ucom/registry/verification.hpp>

#include "child_process.hpp"
#include "index_format.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
using ucom::make_guid;
namespace fs = std::filesystem;
namespace test = ucom::registry::test;
namespace format = ucom::registry::index_format;

constexpr ucom::guid calculator_clsid = make_guid("{47E33DF5-BF12-4469-836C-2EAC6F517450}");
constexpr ucom::guid first_only_clsid = make_guid("{11111111-2222-3333-4444-555555555555}");
constexpr ucom::guid second_clsid = make_guid("{66666666-7777-8888-9999-AAAAAAAAAAAA}");
constexpr ucom::guid second_only_clsid = make_guid("{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}");
constexpr ucom::guid idescribe = make_guid("{41D88BD5-3BBC-4430-B12C-15869419017E}");
constexpr ucom::guid icalculator2 = make_guid("{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}");

constexpr const char *first_layer = R"(
[[module]]
path = "libone.so"
abi = "1.2"
interfaces = [{ iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}", fingerprint = "0x1111111111111111" }]

[[class]]
clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}"
progid = "Example.Calculator.1"
vi_progid = "Example.Calculator"
name = "Calculator"
description = "adds and multiplies"
threading = "both"
module = "libone.so"
interfaces = ["{41D88BD5-3BBC-4430-B12C-15869419017E}"]

[[class]]
clsid = "{11111111-2222-3333-4444-555555555555}"
progid = "Shared.Name"
module = "libone.so"

[[interface]]
iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
name = "IDescribe"
fingerprint = "0x1111111111111111"
description = "describe.json"
)";

constexpr const char *second_layer = R"(
[[module]]
path = "/opt/two/libtwo.so"
abi = "1.0"
interfaces = [{ iid = "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}", fingerprint = "0x3333333333333333", contract = "0x3434343434343434" },
              { iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}", fingerprint = "0x2222222222222222" }]

[[class]]
clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}"
progid = "Second.Calculator"
module = "/opt/two/libtwo.so"

[[class]]
clsid = "{66666666-7777-8888-9999-AAAAAAAAAAAA}"
progid = "Shared.Name"
module = "/opt/two/libtwo.so"

[[class]]
clsid = "{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}"
progid = "Only.Second.1"
vi_progid = "Only.Second"
module = "/opt/two/libtwo.so"
interfaces = ["{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}", "{41D88BD5-3BBC-4430-B12C-15869419017E}"]

[[interface]]
iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
name = "IDescribe"
fingerprint = "0x2222222222222222"

[[interface]]
iid = "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}"
name = "ICalculator2"
fingerprint = "0x3333333333333333"
contract = "0x3434343434343434"
)";

// Writes `text` through update_registry, as `ucom register` writes: the TOML file and its index.
void write_registry(const fs::path &path, const char *text)
{
    auto parsed = parse_registry(text, path.string());
    REQUIRE(parsed.has_value());
    const auto written = update_registry(path, [&](registry_file &file) -> ucom::result<void> {
        file = *parsed;
        return {};
    });
    REQUIRE(written.has_value());
}

fs::path index_of(const fs::path &registry) { return fs::path(registry.string() + ".index"); }

struct two_layers {
    test::scratch_folder scratch;
    fs::path first = scratch / "first/registry.toml";
    fs::path second = scratch / "second/registry.toml";

    two_layers()
    {
        write_registry(first, first_layer);
        write_registry(second, second_layer);
    }

    catalog open(catalog_use use) const
    {
        auto opened = catalog::open(lookup_layers({first, second}), use);
        REQUIRE(opened.has_value());
        return std::move(*opened);
    }
};

// What a lookup found, in a form two catalogs can be compared by.
std::string describe(const resolved_class *found)
{
    if (found == nullptr) {
        return "(none)";
    }
    const class_record &c = *found->record;
    std::string text = c.clsid.to_string() + " " + c.progid + " " + c.vi_progid + " " + c.name + " " + c.description +
                       " " + c.module + " " + c.threading + " from " + found->from->path.string() + " file " +
                       found->module_file.string();
    for (const ucom::guid &iid : c.interfaces) {
        text += " " + iid.to_string();
    }
    if (found->module != nullptr) {
        text += " module " + found->module->path + " " + std::to_string(found->module->abi_major) + "." +
                std::to_string(found->module->abi_minor);
        for (const module_interface &i : found->module->interfaces) {
            text += " " + i.iid.to_string() + "=" + fingerprint_text(i.fingerprint) + "/" + fingerprint_text(i.contract);
            const interface_record *known = found->file->find_interface(i.iid);
            text += known != nullptr ? " " + known->name : " (unknown)";
        }
    }
    return text;
}

std::string describe(const interface_record *found)
{
    return found == nullptr ? "(none)"
                            : found->iid.to_string() + " " + found->name + " " + fingerprint_text(found->fingerprint) +
                                  " " + fingerprint_text(found->contract) + " " + found->description;
}

// Every lookup the tests make, as text: the same for the parsed and the indexed catalog.
std::string all_lookups(const catalog &c)
{
    std::string text;
    for (const ucom::guid &clsid : {calculator_clsid, first_only_clsid, second_clsid, second_only_clsid, idescribe}) {
        text += describe(c.find(clsid)) + "\n";
    }
    for (const char *name : {"Example.Calculator.1", "Example.Calculator", "Shared.Name", "Second.Calculator",
                             "Only.Second.1", "Only.Second", "Nothing.Here", ""}) {
        text += describe(c.find(std::string_view(name))) + "\n";
        const auto resolved = c.resolve(name);
        text += resolved ? "resolved\n" : resolved.error().message() + "\n";
    }
    for (const ucom::guid &iid : {idescribe, icalculator2, calculator_clsid}) {
        text += describe(c.find_interface(iid)) + "\n";
    }
    for (const char *name : {"IDescribe", "ICalculator2", "IUnknown"}) {
        text += describe(c.find_interface(std::string_view(name))) + "\n";
    }
    return text;
}

std::string read_bytes(const fs::path &file) { return test::read_file(file); }

format::header header_of(const std::string &bytes)
{
    format::header head{};
    REQUIRE(bytes.size() >= sizeof head);
    std::memcpy(&head, bytes.data(), sizeof head);
    return head;
}

void put_header(std::string &bytes, const format::header &head) { std::memcpy(bytes.data(), &head, sizeof head); }

// The catalog a host opens over one registry file.
catalog open_for_lookups(const fs::path &registry)
{
    auto opened = catalog::open(lookup_layers({registry}), catalog_use::lookups);
    REQUIRE(opened.has_value());
    return std::move(*opened);
}

// A registry written with its index in a fresh folder, and the index's bytes and header as
// written, for the tests that damage them.
struct written_registry {
    test::scratch_folder scratch;
    fs::path file = scratch / "registry.toml";
    std::string bytes;
    format::header head{};

    explicit written_registry(const char *text)
    {
        write_registry(file, text);
        bytes = read_bytes(index_of(file));
        head = header_of(bytes);
    }
};

index_check::state index_state(const fs::path &registry)
{
    const auto checked = check_index(registry);
    REQUIRE(checked.has_value());
    return checked->result;
}

} // namespace

TEST_CASE("Every registry write leaves an index beside the file with the file's permissions")
{
    const written_registry written(first_layer);
    const fs::path &registry = written.file;
    REQUIRE(fs::is_regular_file(index_of(registry)));
    CHECK(index_state(registry) == index_check::state::current);
    CHECK(test::folder_entries(written.scratch.path()) ==
          std::set<std::string>{"registry.toml", "registry.toml.index", "registry.toml.lock"});

    REQUIRE(::chmod(registry.c_str(), 0640) == 0);
    write_registry(registry, second_layer);
    struct stat status {};
    REQUIRE(::stat(index_of(registry).c_str(), &status) == 0);
    CHECK((status.st_mode & 07777) == 0640);
    CHECK(index_state(registry) == index_check::state::current);
    CHECK(open_for_lookups(registry).indexed());
}

TEST_CASE("A catalog opened for lookups answers from the indexes exactly as the parsed catalog does")
{
    const two_layers files;
    const catalog parsed = files.open(catalog_use::everything);
    const catalog indexed = files.open(catalog_use::lookups);
    CHECK_FALSE(parsed.indexed());
    REQUIRE(indexed.indexed());
    CHECK(all_lookups(indexed) == all_lookups(parsed));
    // The first layer wins a CLSID; a ProgID counts only for a class no earlier layer shadows.
    CHECK(indexed.find(calculator_clsid)->from->path == files.first);
    CHECK(indexed.find(std::string_view("Shared.Name"))->record->clsid == first_only_clsid);
    CHECK(indexed.find(std::string_view("Second.Calculator")) == nullptr);
    // One class is one resolved_class, however it is found, with its own ordinal.
    CHECK(indexed.find(std::string_view("Only.Second")) == indexed.find(second_only_clsid));
    CHECK(indexed.find(second_only_clsid)->ordinal != indexed.find(second_clsid)->ordinal);
    CHECK(indexed.find(second_only_clsid)->ordinal < indexed.ordinal_count());
    CHECK(indexed.ordinal_count() == 5); // both layers' classes, the shadowed one included
}

TEST_CASE("A registry file that does not exist is an empty layer of an indexed catalog")
{
    const two_layers files;
    const fs::path missing = files.scratch / "none/registry.toml";
    auto opened = catalog::open(lookup_layers({missing, files.first}), catalog_use::lookups);
    REQUIRE(opened.has_value());
    CHECK(opened->indexed());
    CHECK(opened->find(calculator_clsid)->from->path == files.first);
    CHECK_FALSE(check_index(missing).has_value());
}

TEST_CASE("A hand edit of the registry file makes its index stale and the edit wins, even with the old mtime put back")
{
    const written_registry written(first_layer);
    const fs::path &registry = written.file;
    struct stat before {};
    REQUIRE(::stat(registry.c_str(), &before) == 0);

    // Past the file system's timestamp tick (a kernel before 6.13 stamps files with a clock
    // of a few milliseconds' grain; docs/registry.md, "The index", says why that matters).
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    // The same size, the same inode, the old mtime: only ctime tells.
    std::string text = read_bytes(registry);
    const auto at = text.find("Example.Calculator.1");
    REQUIRE(at != std::string::npos);
    text.replace(at, 20, "Example.Calculatox.1");
    test::write_file(registry, text);
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, registry.c_str(), times, 0) == 0);
    struct stat after {};
    REQUIRE(::stat(registry.c_str(), &after) == 0);
    REQUIRE(after.st_ino == before.st_ino);
    REQUIRE(after.st_size == before.st_size);

    const catalog host = open_for_lookups(registry);
    CHECK_FALSE(host.indexed());
    CHECK(host.find(std::string_view("Example.Calculatox.1")) != nullptr);
    CHECK(host.find(std::string_view("Example.Calculator.1")) == nullptr);
    const auto checked = check_index(registry);
    REQUIRE(checked.has_value());
    CHECK(checked->result == index_check::state::stale);
    CHECK_THAT(checked->message, Catch::Contains("registry.toml.index: stale: the registry file changed"));

    // The next write rebuilds it.
    write_registry(registry, first_layer);
    CHECK(index_state(registry) == index_check::state::current);
    CHECK(open_for_lookups(registry).indexed());
}

TEST_CASE("An index of another format, as an earlier ucom wrote, is bypassed as stale until the next write")
{
    const written_registry written(first_layer);
    const fs::path &registry = written.file;
    std::string bytes = read_bytes(index_of(registry));
    format::header head{};
    std::memcpy(&head, bytes.data(), sizeof head);
    REQUIRE(head.version == 2);
    head.version = 1; // format 1 had no contracts; its reader stops at the version as this one does
    std::memcpy(bytes.data(), &head, sizeof head);
    test::write_file(index_of(registry), bytes);

    const catalog host = open_for_lookups(registry);
    CHECK_FALSE(host.indexed());
    CHECK(host.find(std::string_view("Example.Calculator.1")) != nullptr);
    const auto checked = check_index(registry);
    REQUIRE(checked.has_value());
    CHECK(checked->result == index_check::state::stale);
    CHECK_THAT(checked->message, Catch::Contains("index format 1, written by another ucom (this one reads format 2)"));
    write_registry(registry, first_layer);
    CHECK(index_state(registry) == index_check::state::current);
}

TEST_CASE("A registry written without an index, as by an earlier ucom, is parsed as before")
{
    test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    test::write_file(registry, first_layer);
    const catalog host = open_for_lookups(registry);
    CHECK_FALSE(host.indexed());
    CHECK(host.find(calculator_clsid) != nullptr);
    CHECK(index_state(registry) == index_check::state::missing);
}

TEST_CASE("A registry whose text holds a NUL in a string gets no index and is parsed")
{
    test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    const std::string text = std::string(first_layer) + "\n[[interface]]\niid = \"{00000000-1111-2222-3333-444444444444}\"\n" +
                             "name = \"INul\"\nfingerprint = \"0x0000000000000001\"\ndescription = \"a\\u0000b\"\n";
    write_registry(registry, text.c_str());
    CHECK_FALSE(fs::exists(index_of(registry)));
    const catalog host = open_for_lookups(registry);
    CHECK_FALSE(host.indexed());
    REQUIRE(host.find_interface(std::string_view("INul")) != nullptr);
    CHECK(host.find_interface(std::string_view("INul"))->description == std::string("a\0b", 3));
}

TEST_CASE("An index whose header, sizes or sections are damaged is bypassed and the registry file parsed")
{
    const written_registry written(second_layer);
    const fs::path &registry = written.file;
    const std::string &good = written.bytes;
    const format::header head = written.head;

    struct damage {
        const char *what;
        std::string bytes;
    };
    std::vector<damage> damages;
    const auto with = [&](const char *what, auto change) {
        std::string bytes = good;
        format::header changed = head;
        change(changed, bytes);
        put_header(bytes, changed);
        damages.push_back({what, bytes});
    };
    damages.push_back({"empty", ""});
    damages.push_back({"shorter than its header", good.substr(0, 100)});
    damages.push_back({"one byte short", good.substr(0, good.size() - 1)});
    damages.push_back({"one byte long", good + '\0'});
    with("wrong magic", [](format::header &h, std::string &) { h.magic[0] = 'x'; });
    with("another byte order", [](format::header &h, std::string &) { h.byte_order = 0x04030201; });
    with("another header size", [](format::header &h, std::string &) { h.header_size = 8; });
    with("a file size that lies", [](format::header &h, std::string &) { h.file_size += 8; });
    with("a huge class count", [](format::header &h, std::string &) { h.classes.count = ~std::uint64_t{0} / 2; });
    with("a count just past the file", [&](format::header &h, std::string &) {
        h.strings.count = good.size() - h.strings.offset + 1;
    });
    with("an offset past the file", [](format::header &h, std::string &) { h.progids.offset = ~std::uint64_t{0} - 7; });
    with("an offset inside the header", [](format::header &h, std::string &) { h.modules.offset = 0; });
    with("a misaligned offset", [](format::header &h, std::string &) { h.interfaces.offset += 1; });
    with("overlapping sections", [](format::header &h, std::string &) { h.classes.offset = h.modules.offset; });
    with("a string section without its NULs", [&](format::header &, std::string &bytes) {
        bytes[head.strings.offset + head.strings.count - 1] = 'x';
    });

    for (const damage &d : damages) {
        INFO(d.what);
        test::write_file(index_of(registry), d.bytes);
        const catalog host = open_for_lookups(registry);
        CHECK_FALSE(host.indexed());
        CHECK(host.find(std::string_view("Only.Second")) != nullptr);
        const auto checked = check_index(registry);
        REQUIRE(checked.has_value());
        CHECK(checked->result == index_check::state::damaged);
    }
}

TEST_CASE("A damaged entry fails the lookup that reaches it with a clear error and the others still work")
{
    written_registry written(second_layer);
    const fs::path &registry = written.file;
    std::string bytes = written.bytes;
    const format::header head = written.head;
    REQUIRE(head.classes.count == 3);
    // The last class (by CLSID) gets a name far outside the string section.
    format::class_entry entry{};
    const std::size_t at = head.classes.offset + 2 * sizeof entry;
    std::memcpy(&entry, bytes.data() + at, sizeof entry);
    GUID clsid{};
    std::memcpy(&clsid, entry.clsid.bytes, sizeof clsid);
    REQUIRE(ucom::guid(clsid) == second_only_clsid);
    entry.name = {0xFFFFFF00U, 0xFFU};
    std::memcpy(bytes.data() + at, &entry, sizeof entry);
    test::write_file(index_of(registry), bytes);

    const catalog host = open_for_lookups(registry);
    REQUIRE(host.indexed());
    CHECK(host.find(second_only_clsid) == nullptr);
    const auto failed = host.resolve("Only.Second");
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code() == REGDB_E_READREGDB);
    CHECK_THAT(failed.error().message(), Catch::Contains("registry.toml.index: the registry index is damaged"));
    CHECK_THAT(failed.error().message(), Catch::Contains("rebuilds it"));
    CHECK(host.find(second_clsid) != nullptr);
    CHECK(index_state(registry) == index_check::state::differs);
}

TEST_CASE("A module interface list that names one interface twice is a damaged entry, not copied again and again")
{
    written_registry written(second_layer);
    std::string bytes = written.bytes;
    const format::header head = written.head;
    REQUIRE(head.modules.count == 1);
    REQUIRE(head.module_interfaces.count == 2);
    // The second entry of the module's list gets the first one's IID.
    std::memcpy(bytes.data() + head.module_interfaces.offset + sizeof(format::module_interface_entry),
                bytes.data() + head.module_interfaces.offset, sizeof(format::guid_bytes));
    test::write_file(index_of(written.file), bytes);

    const catalog host = open_for_lookups(written.file);
    REQUIRE(host.indexed());
    const auto failed = host.resolve("Only.Second");
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code() == REGDB_E_READREGDB);
    CHECK_THAT(failed.error().message(), Catch::Contains("its interface list names an interface twice"));
}

TEST_CASE("An index whose tables are not sorted makes lookups miss, never loop or read outside it")
{
    written_registry written(second_layer);
    const fs::path &registry = written.file;
    std::string bytes = written.bytes;
    const format::header head = written.head;
    // The class table reversed: the ProgIDs now point at other classes too.
    std::vector<format::class_entry> classes(head.classes.count);
    std::memcpy(classes.data(), bytes.data() + head.classes.offset, classes.size() * sizeof(format::class_entry));
    std::reverse(classes.begin(), classes.end());
    std::memcpy(bytes.data() + head.classes.offset, classes.data(), classes.size() * sizeof(format::class_entry));
    test::write_file(index_of(registry), bytes);

    const catalog host = open_for_lookups(registry);
    REQUIRE(host.indexed());
    for (const ucom::guid &clsid : {calculator_clsid, second_clsid, second_only_clsid}) {
        const resolved_class *found = host.find(clsid);
        CHECK((found == nullptr || found->record->clsid == clsid));
    }
    (void)host.find(std::string_view("Only.Second"));
    CHECK(index_state(registry) == index_check::state::differs);
}

TEST_CASE("Random damage to an index never makes a lookup crash or read outside the index")
{
    const written_registry written(second_layer);
    const fs::path &registry = written.file;
    const std::string &good = written.bytes;
    std::mt19937 random(20261207);
    std::uniform_int_distribution<std::size_t> place(0, good.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    std::size_t indexed = 0;
    for (int round = 0; round < 300; ++round) {
        std::string bytes = good;
        for (int flips = 1 + round % 8; flips > 0; --flips) {
            std::size_t at = place(random);
            // Mostly past the TOML identity, so that most damaged files get past open().
            if (at >= offsetof(format::header, toml) && at < offsetof(format::header, modules) && round % 4 != 0) {
                at += sizeof(format::toml_identity);
            }
            bytes[at] = static_cast<char>(byte(random));
        }
        test::write_file(index_of(registry), bytes);
        const catalog host = open_for_lookups(registry);
        indexed += host.indexed() ? 1U : 0U;
        (void)all_lookups(host);
    }
    CHECK(indexed > 0); // some damage passed open() and reached the entries
}

TEST_CASE("An index that is a FIFO, a symlink or (for root) another user's file is bypassed")
{
    const written_registry written(first_layer);
    const fs::path &registry = written.file;
    const fs::path index = index_of(registry);
    const fs::path copy = written.scratch / "copy.index";
    fs::copy_file(index, copy);

    fs::remove(index);
    REQUIRE(::mkfifo(index.c_str(), 0600) == 0);
    CHECK_FALSE(open_for_lookups(registry).indexed()); // and it did not block
    CHECK(index_state(registry) == index_check::state::unreadable);

    fs::remove(index);
    fs::create_symlink(copy, index);
    CHECK_FALSE(open_for_lookups(registry).indexed());
    const auto checked = check_index(registry);
    REQUIRE(checked.has_value());
    CHECK(checked->result == index_check::state::unreadable);
    CHECK_THAT(checked->message, Catch::Contains("the index is a symlink"));

    if (test::running_as_root()) {
        fs::remove(index);
        fs::copy_file(copy, index);
        REQUIRE(::chown(index.c_str(), test::unprivileged_id, test::unprivileged_id) == 0);
        CHECK_FALSE(open_for_lookups(registry).indexed());
        CHECK(open_for_lookups(registry).find(calculator_clsid) != nullptr);
        CHECK(index_state(registry) == index_check::state::unreadable);
    }
}

TEST_CASE("An index that differs from its registry file while the file's identity matches is reported by verify")
{
    written_registry written(second_layer);
    const fs::path &registry = written.file;
    std::string bytes = written.bytes;
    const format::header head = written.head;
    bytes[head.module_interfaces.offset + 16] ^= 1; // a fingerprint's lowest bit
    test::write_file(index_of(registry), bytes);
    CHECK(open_for_lookups(registry).indexed()); // hosts cannot tell
    const auto checked = check_index(registry);
    REQUIRE(checked.has_value());
    CHECK(checked->result == index_check::state::differs);
    CHECK_THAT(checked->message, Catch::Contains("the index does not hold what the registry file holds"));
}
