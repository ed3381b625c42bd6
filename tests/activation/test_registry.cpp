#include "test_registry.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <link.h>
#include <sys/stat.h>

#include <fmt/format.h>

namespace ucom::test {

scratch_registry::scratch_registry()
{
    ::setenv("UCOM_TEST_MARKER_FILE", marker_file().c_str(), 1);
}

command_result scratch_registry::ucom(std::vector<std::string> args) const
{
    args.insert(args.begin(), UCOM_TOOL);
    args.emplace_back("--registry");
    args.push_back(file().string());
    return run_command(args);
}

void scratch_registry::register_plugin(const std::filesystem::path &plugin) const
{
    const command_result done = ucom({"register", plugin.string()});
    if (done.exit_code != 0) {
        throw std::runtime_error(fmt::format("ucom register {} failed: {}", plugin.string(), done.output));
    }
}

std::filesystem::path scratch_registry::copy_in(const std::filesystem::path &plugin, const std::string &name) const
{
    const std::filesystem::path copy = folder() / name;
    std::filesystem::copy_file(plugin, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(copy, static_cast<std::filesystem::perms>(0755));
    return copy;
}

runtime scratch_registry::open_runtime() const
{
    auto opened = runtime::open({file().string()});
    if (!opened) {
        throw std::runtime_error(opened.error().to_string());
    }
    return std::move(*opened);
}

namespace {
struct file_identity {
    dev_t device;
    ino_t inode;
    std::size_t count;
};
} // namespace

std::size_t loaded_objects_of(const std::filesystem::path &file)
{
    struct stat wanted {};
    if (::stat(file.c_str(), &wanted) != 0) {
        return 0;
    }
    file_identity identity{wanted.st_dev, wanted.st_ino, 0};
    ::dl_iterate_phdr(
        [](dl_phdr_info *info, std::size_t, void *data) {
            auto &id = *static_cast<file_identity *>(data);
            struct stat status {};
            if (info->dlpi_name != nullptr && *info->dlpi_name != '\0' && ::stat(info->dlpi_name, &status) == 0 &&
                status.st_dev == id.device && status.st_ino == id.inode) {
                ++id.count;
            }
            return 0;
        },
        &identity);
    return identity.count;
}

std::size_t executable_mappings_of(const std::filesystem::path &file)
{
    struct stat wanted {};
    if (::stat(file.c_str(), &wanted) != 0) {
        return 0;
    }
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::size_t count = 0;
    while (std::getline(maps, line)) {
        // address perms offset dev inode path
        char perms[5] = {};
        unsigned long inode = 0;
        if (std::sscanf(line.c_str(), "%*s %4s %*s %*s %lu", perms, &inode) == 2 && inode == wanted.st_ino &&
            perms[2] == 'x') {
            ++count;
        }
    }
    return count;
}

} // namespace ucom::test
