// The module-file library's view of a file without loading it: the checked open and the
// libraries the dynamic loader would pull in, compared with what ld.so itself resolves.
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <ucom/module_file/dependencies.hpp>
#include <ucom/module_file/policy.hpp>

namespace {

// name => file for every library `ldd` lists with a path (ld.so's own resolution).
std::map<std::string, std::filesystem::path> ldd(const std::string &file)
{
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(::popen(("ldd " + file).c_str(), "r"), &::pclose);
    REQUIRE(pipe != nullptr);
    std::map<std::string, std::filesystem::path> libraries;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe.get()) != nullptr) {
        std::istringstream words(line);
        std::string name;
        std::string arrow;
        std::string path;
        if (!(words >> name >> arrow)) {
            continue;
        }
        if (name.front() == '/') { // the program interpreter: "/lib64/ld-linux-x86-64.so.2 (0x…)"
            libraries[std::filesystem::path(name).filename().string()] = name;
        } else if (arrow == "=>" && words >> path && path.front() == '/') {
            libraries[name] = path;
        }
    }
    return libraries;
}

} // namespace

TEST_CASE("the libraries a program pulls in are found where ld.so finds them")
{
    for (const char *file : {UCOM_TOOL, UCOM_RUNTIME_LIBRARY}) {
        INFO(file);
        auto opened = ucom::module_file::open_checked(file);
        REQUIRE(opened);
        auto dynamic = ucom::descriptor::read_dynamic(opened->fd.get(), file);
        REQUIRE(dynamic);
        auto found = ucom::module_file::check_dependencies(file, *dynamic, ucom::module_file::loaded_libraries::check);
        REQUIRE(found);
        std::map<std::string, std::set<std::filesystem::path>> ours;
        for (const auto &library : *found) {
            ours[library.name].insert(std::filesystem::canonical(library.file));
        }
        const auto theirs = ldd(file);
        REQUIRE_FALSE(theirs.empty());
        for (const auto &[name, path] : theirs) {
            INFO(name << " => " << path.string());
            REQUIRE(ours.count(name) == 1);
            CHECK(ours[name].count(std::filesystem::canonical(path)) == 1);
        }
        CHECK(ours.size() == theirs.size());
    }
}

TEST_CASE("the checked open refuses what is not a regular file, a relative path and a missing file, and says which")
{
    using ucom::module_file::open_checked;
    auto device = open_checked("/dev/zero");
    REQUIRE_FALSE(device);
    CHECK(device.error().code() == E_ACCESSDENIED);
    CHECK_THAT(device.error().message(), Catch::Contains("not a regular file (a character device)"));
    auto folder = open_checked("/usr/lib");
    REQUIRE_FALSE(folder);
    CHECK_THAT(folder.error().message(), Catch::Contains("/usr/lib is a folder, not a regular file"));
    auto relative = open_checked("lib/libc.so.6");
    REQUIRE_FALSE(relative);
    CHECK_THAT(relative.error().message(), Catch::Contains("the path is not absolute"));
    auto missing = open_checked("/usr/lib/no-such-folder/libnothing.so");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == CO_E_DLLNOTFOUND);
    CHECK_THAT(missing.error().message(), Catch::Contains("cannot find /usr/lib/no-such-folder"));
}

TEST_CASE("the checked open resolves symlinks and `..` as the kernel does")
{
    // /usr/lib/../bin/.. is /usr, and /proc/self/root is a symlink to /.
    auto opened = ucom::module_file::open_checked("/proc/self/root/usr/lib/../bin/../bin/sh");
    REQUIRE(opened);
    CHECK(opened->through_symlinks);
    CHECK(opened->resolved.parent_path() == "/usr/bin");
}
