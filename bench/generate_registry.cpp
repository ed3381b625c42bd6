// ucom_generate_registry: writes a big registry file for measuring the tool by hand
// (docs/building.md): `ucom_generate_registry CLASSES FILE [--plugin PLUGIN]`. The entries are
// the activation benchmark's (generated_registry.hpp): ten classes per module, modules at
// "modules/bench_module_NNNN.so" beside FILE. Without --plugin those files do not exist, which
// is enough for `list` and `show`; with it each is a symlink to PLUGIN, so that `verify` reads
// a real descriptor for every module (and reports the classes it does not declare). FILE is
// written as `ucom register` writes it (update_registry): replaced whole, with its binary
// index beside it.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/core.h>

#include <ucom/registry/store.hpp>

#include "generated_registry.hpp"

namespace {

namespace fs = std::filesystem;

int usage()
{
    fmt::print(stderr, "usage: ucom_generate_registry CLASSES FILE [--plugin PLUGIN]\n");
    return 2;
}

bool link_modules(const ucom::registry::registry_file &file, const fs::path &registry, const fs::path &plugin)
{
    const fs::path target = fs::absolute(plugin);
    std::error_code failed;
    fs::create_directories(registry.parent_path() / "modules", failed);
    for (const auto &module : file.modules) {
        const fs::path link = registry.parent_path() / module.path;
        fs::remove(link, failed);
        fs::create_symlink(target, link, failed);
        if (failed) {
            fmt::print(stderr, "ucom_generate_registry: {}: {}\n", link.string(), failed.message());
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3 && !(argc == 5 && std::string_view(argv[3]) == "--plugin")) {
        return usage();
    }
    char *end = nullptr;
    const long classes = std::strtol(argv[1], &end, 10);
    if (*end != '\0' || classes < 1 || classes > 10'000'000) {
        return usage();
    }
    const fs::path registry = fs::absolute(argv[2]);
    const auto file = bench::generated_registry(static_cast<int>(classes));
    const auto written = ucom::registry::update_registry(registry, [&](ucom::registry::registry_file &current) {
        current = file;
        return ucom::result<void>{};
    });
    if (!written) {
        fmt::print(stderr, "ucom_generate_registry: {}\n", written.error().message());
        return 1;
    }
    if (argc == 5 && !link_modules(file, registry, argv[4])) {
        return 1;
    }
    return 0;
}
