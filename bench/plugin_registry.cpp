// The benchmarks' temporary folder and plugin registry (plugin_registry.hpp).
#include "plugin_registry.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include <fmt/core.h>

#include <ucom/module_file/descriptor.hpp>
#include <ucom/registry/registration.hpp>
#include <ucom/registry/toml_file.hpp>

namespace bench {

namespace fs = std::filesystem;

std::optional<temp_folder> temp_folder::create(std::string_view prefix)
{
    std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        fmt::print(stderr, "{}: cannot create the folder {}: {}\n", prefix, pattern, std::strerror(errno));
        return std::nullopt;
    }
    return temp_folder(pattern);
}

temp_folder::temp_folder(temp_folder &&other) noexcept : path_(std::exchange(other.path_, {})) {}

temp_folder::~temp_folder()
{
    if (!path_.empty()) {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
}

bool write_text(const fs::path &file, const std::string &text)
{
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    return !out.fail();
}

ucom::result<void> write_plugin_registry(const fs::path &registry, const char *plugin, const ucom::guid &clsid,
                                         std::string_view progid)
{
    auto info = ucom::descriptor::read_module_file(plugin);
    if (!info) {
        return tl::make_unexpected(info.error());
    }
    ucom::registry::registry_file file;
    if (auto registered = ucom::registry::register_module(file, registry, plugin, *info); !registered) {
        return registered;
    }
    for (ucom::registry::class_record &record : file.classes) {
        if (!progid.empty() && record.clsid == clsid) {
            record.progid = progid;
        }
    }
    if (!write_text(registry, ucom::registry::serialize_registry(file))) {
        return tl::make_unexpected(ucom::error(E_FAIL, "cannot write " + registry.string()));
    }
    return {};
}

} // namespace bench
