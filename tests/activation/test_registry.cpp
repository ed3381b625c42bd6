#include "test_registry.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include <link.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

extern char **environ;

namespace ucom::test {

command_result run_command(const std::vector<std::string> &argv)
{
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<char *> args;
    for (const std::string &arg : argv) {
        args.push_back(const_cast<char *>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t child = 0;
    const int spawned = ::posix_spawn(&child, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    command_result result;
    std::array<char, 4096> buffer{};
    ssize_t got = 0;
    while ((got = ::read(pipe_fds[0], buffer.data(), buffer.size())) > 0) {
        result.output.append(buffer.data(), static_cast<std::size_t>(got));
    }
    ::close(pipe_fds[0]);
    if (spawned != 0) {
        throw std::runtime_error(fmt::format("cannot run {}", argv.front()));
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

scratch_registry::scratch_registry()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "ucom-activation-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    folder_ = pattern;
}

scratch_registry::~scratch_registry()
{
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
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
    const std::filesystem::path copy = folder_ / name;
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
