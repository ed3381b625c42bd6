// Reads glibc's "glibc-ld.so.cache1.1" format (alone, or after the old "ld.so-1.7.0" one),
// as hostile input: every count and offset is checked against the bytes there are.
#include "ld_cache.hpp"
#include "read_at.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ucom/module_file/policy.hpp>

namespace ucom::module_file {
namespace {

constexpr std::size_t max_cache_size = std::size_t{64} << 20; // Debian's is about 40 KiB
constexpr std::string_view old_magic = "ld.so-1.7.0";
constexpr std::string_view new_magic = "glibc-ld.so.cache1.1";
constexpr std::size_t old_header_size = 16; // magic[11], padding, nlibs
constexpr std::size_t old_entry_size = 12;  // flags, key, value
constexpr std::size_t new_header_size = 48;
constexpr std::size_t new_entry_size = 24; // flags, key, value, osversion, hwcap
constexpr std::int32_t flag_type_mask = 0x00ff;
constexpr std::int32_t flag_elf_libc6 = 0x0003;

std::optional<std::string_view> string_at(std::string_view table, std::uint32_t offset)
{
    if (offset >= table.size()) {
        return std::nullopt;
    }
    const auto end = table.find('\0', offset);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    return table.substr(offset, end - offset);
}

std::optional<std::string> read_cache(const std::filesystem::path &cache)
{
    const unique_fd fd(::open(cache.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    struct stat status {};
    if (!fd || ::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode) ||
        static_cast<std::size_t>(status.st_size) > max_cache_size) {
        return std::nullopt;
    }
    std::string bytes(static_cast<std::size_t>(status.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto got = ::pread(fd.get(), bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (got <= 0) {
            return std::nullopt;
        }
        done += static_cast<std::size_t>(got);
    }
    return bytes;
}

} // namespace

std::vector<std::filesystem::path> ld_cache_entries(const std::string &name, const std::filesystem::path &cache)
{
    const auto bytes = read_cache(cache);
    if (!bytes) {
        return {};
    }
    std::string_view data = *bytes;
    if (data.substr(0, old_magic.size()) == old_magic) { // the new format follows, 8-byte aligned
        const auto old_count = read_at<std::uint32_t>(data, old_magic.size() + 1);
        if (!old_count || *old_count > data.size() / old_entry_size) {
            return {};
        }
        const std::size_t skip = (old_header_size + std::size_t{*old_count} * old_entry_size + 7U) & ~std::size_t{7};
        data = skip <= data.size() ? data.substr(skip) : std::string_view{};
    }
    if (data.substr(0, new_magic.size()) != new_magic) {
        return {};
    }
    const auto count = read_at<std::uint32_t>(data, new_magic.size());
    if (!count || *count > (data.size() - new_header_size) / new_entry_size) {
        return {};
    }
    std::vector<std::filesystem::path> found;
    for (std::size_t i = 0; i < *count; ++i) {
        const std::size_t at = new_header_size + i * new_entry_size;
        const auto flags = read_at<std::int32_t>(data, at);
        const auto key = read_at<std::uint32_t>(data, at + 4);
        const auto value = read_at<std::uint32_t>(data, at + 8);
        if (!flags || !key || !value || (*flags & flag_type_mask) != flag_elf_libc6) {
            continue;
        }
        // Every entry of this name, of any hardware class: checking one too many is safe.
        const auto library = string_at(data, *key);
        const auto path = string_at(data, *value);
        if (library && path && *library == name) {
            found.emplace_back(*path);
        }
    }
    return found;
}

} // namespace ucom::module_file
