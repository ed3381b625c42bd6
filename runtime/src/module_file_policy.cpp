#include "module_file_policy.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include <fmt/format.h>

namespace ucom::module_file {

result<void> check_status(const struct stat &status)
{
    const auto refuse = [](std::string reason) { return tl::make_unexpected(error(E_ACCESSDENIED, std::move(reason))); };
    if (!S_ISREG(status.st_mode)) {
        return refuse("not a regular file");
    }
    if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return refuse(fmt::format("the file is group- or world-writable (mode {:04o}), so others could change the code "
                                  "it would run (fix: chmod go-w)",
                                  status.st_mode & 07777));
    }
    if (status.st_uid != 0 && status.st_uid != ::geteuid()) {
        return refuse(fmt::format("the file is owned by uid {}, neither root nor you (uid {})", status.st_uid, ::geteuid()));
    }
    return {};
}

result<void> check_file(const std::filesystem::path &file)
{
    if (!file.is_absolute()) {
        return tl::make_unexpected(error(E_ACCESSDENIED, "the module path is not absolute"));
    }
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
        const int saved = errno;
        return tl::make_unexpected(error(saved == ENOENT ? CO_E_DLLNOTFOUND : E_ACCESSDENIED,
                                         fmt::format("cannot stat the module file: {}", std::strerror(saved))));
    }
    return check_status(status);
}

} // namespace ucom::module_file
