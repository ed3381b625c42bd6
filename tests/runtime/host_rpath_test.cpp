// The dependency search in a process that dlopens a module: after the module's own search
// folders, ld.so searches the DT_RPATH of the program (this test program is linked with one,
// as DT_RPATH, not DT_RUNPATH), and check_dependencies must look there too.
#include <algorithm>
#include <filesystem>

#include <dlfcn.h>
#include <link.h>

#include <catch2/catch.hpp>

#include <ucom/module_file/dependencies.hpp>
#include <ucom/module_file/policy.hpp>

namespace {

constexpr const char *library_name = "libucom_test_host_rpath_library.so";

} // namespace

TEST_CASE("a library found only through the host program's RPATH is checked where ld.so finds it")
{
    namespace module_file = ucom::module_file;
    auto opened = module_file::open_checked(UCOM_HOST_RPATH_USER);
    REQUIRE(opened);
    auto dynamic = ucom::descriptor::read_dynamic(opened->fd.get(), UCOM_HOST_RPATH_USER);
    REQUIRE(dynamic);
    REQUIRE(dynamic->rpath.empty());
    REQUIRE(dynamic->runpath.empty());

    // Another process (ucom verify) does not run with this program's RPATH: found nowhere.
    auto elsewhere = module_file::check_dependencies(UCOM_HOST_RPATH_USER, *dynamic, module_file::loaded_libraries::check);
    REQUIRE_FALSE(elsewhere);
    CHECK(elsewhere.error().code() == CO_E_DLLNOTFOUND);

    // This process, the one that will dlopen it, finds it through its own RPATH.
    auto found = module_file::check_dependencies(UCOM_HOST_RPATH_USER, *dynamic, module_file::loaded_libraries::trust);
    INFO((found ? std::string() : found.error().message()));
    REQUIRE(found);
    const auto library = std::find_if(found->begin(), found->end(), [](const auto &d) { return d.name == library_name; });
    REQUIRE(library != found->end());
    CHECK(std::filesystem::canonical(library->file) == std::filesystem::canonical(UCOM_HOST_RPATH_LIBRARY));
    CHECK(library->found_through == "the host's RPATH");

    // ld.so agrees: dlopen loads the library from that folder.
    void *user = ::dlopen(UCOM_HOST_RPATH_USER, RTLD_NOW | RTLD_LOCAL);
    INFO((user == nullptr ? ::dlerror() : ""));
    REQUIRE(user != nullptr);
    void *loaded = ::dlopen(library_name, RTLD_LAZY | RTLD_NOLOAD);
    REQUIRE(loaded != nullptr);
    struct link_map *map = nullptr;
    REQUIRE(::dlinfo(loaded, RTLD_DI_LINKMAP, &map) == 0);
    CHECK(std::filesystem::canonical(map->l_name) == std::filesystem::canonical(UCOM_HOST_RPATH_LIBRARY));
    ::dlclose(loaded);
    ::dlclose(user);
}
