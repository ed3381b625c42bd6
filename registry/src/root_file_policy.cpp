// The registry's rule for root, as the module-file policy walk (module_file/policy.hpp)
// with root as the only trusted owner: one walk judges both what code ucom loads and what
// registry files root reads.
#include "root_file_policy.hpp"

#include <string>

#include <unistd.h>

#include <fmt/format.h>

#include <ucom/module_file/policy.hpp>

namespace ucom::registry::root_policy {

namespace {

constexpr module_file::walk_rules registry_rules{module_file::trusted_owners::root_only, "the registry file",
                                                 "what it says"};

tl::unexpected<error> refuse(const std::filesystem::path &named, const std::string &reason)
{
    return tl::make_unexpected(error(E_ACCESSDENIED,
                                     fmt::format("{}: refused: root reads and writes only registry files no other "
                                                 "user can change: {}",
                                                 named.string(), reason),
                                     named.string()));
}

} // namespace

bool applies() { return ::geteuid() == 0; }

result<struct stat> check_path(const std::filesystem::path &path)
{
    const std::filesystem::path named = std::filesystem::absolute(path);
    auto status = module_file::check_existing(named, registry_rules);
    if (!status) {
        return refuse(named, status.error().message());
    }
    return status;
}

result<void> check_same(const std::filesystem::path &file, const struct stat &named, const struct stat &opened)
{
    if (named.st_dev != opened.st_dev || named.st_ino != opened.st_ino) {
        return refuse(std::filesystem::absolute(file), "the file was replaced while it was read");
    }
    return {};
}

result<void> check_file(const std::filesystem::path &file, const struct stat &opened)
{
    const auto resolved = check_path(file);
    if (!resolved) {
        return tl::make_unexpected(resolved.error());
    }
    return check_same(file, *resolved, opened);
}

} // namespace ucom::registry::root_policy
