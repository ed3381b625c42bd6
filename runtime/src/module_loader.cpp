#include "module_loader.hpp"

#include "module_file_policy.hpp"

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gsl/util>

namespace ucom::activation {

namespace {

struct module_table {
    // Recursive: a module's constructors run under it (dlopen) and may, however unwisely,
    // activate a component themselves.
    std::recursive_mutex mutex;
    std::map<std::pair<dev_t, ino_t>, std::unique_ptr<loaded_module>> modules;
};

module_table &table()
{
    static module_table modules; // never unloads anything at exit: modules outlive main
    return modules;
}

tl::unexpected<error> refuse(HRESULT code, const std::string &label, const std::filesystem::path &file,
                             const std::string &reason)
{
    return tl::make_unexpected(
        error(code, fmt::format("class {}: module {}: {}", label, file.string(), reason), label));
}

// Looks `name` up in the module and checks that the definition lies in the module itself:
// dlsym also searches the libraries a module links.
template <class Function>
result<Function> entry_point(void *handle, const char *name, bool required, const std::string &label,
                             const std::filesystem::path &file)
{
    ::dlerror();
    void *symbol = ::dlsym(handle, name);
    if (symbol == nullptr) {
        if (!required) {
            return Function{};
        }
        return refuse(CO_E_ERRORINDLL, label, file, fmt::format("the module does not export {}", name));
    }
    link_map *own = nullptr;
    link_map *defining = nullptr;
    Dl_info info{};
    if (::dlinfo(handle, RTLD_DI_LINKMAP, &own) != 0 ||
        ::dladdr1(symbol, &info, reinterpret_cast<void **>(&defining), RTLD_DL_LINKMAP) == 0 || defining != own) {
        if (!required) {
            return Function{};
        }
        return refuse(CO_E_ERRORINDLL, label, file,
                      fmt::format("the module does not export {} itself (the one found is in {}, a library it links)",
                                  name, info.dli_fname != nullptr ? info.dli_fname : "another library"));
    }
    return reinterpret_cast<Function>(symbol);
}

} // namespace

result<load_outcome> load_module(const std::filesystem::path &file, const std::string &label)
{
    if (!file.is_absolute()) {
        return refuse(E_ACCESSDENIED, label, file, "the module path is not absolute");
    }
    // The checks and the descriptor read go through this descriptor, and the file dlopen
    // maps is compared with it afterwards.
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int saved = errno;
        return refuse(saved == ENOENT ? CO_E_DLLNOTFOUND : E_ACCESSDENIED, label, file,
                      fmt::format("cannot open the module file: {}", std::strerror(saved)));
    }
    auto close_fd = gsl::finally([fd] { ::close(fd); });
    struct stat status {};
    if (::fstat(fd, &status) != 0) {
        return refuse(E_ACCESSDENIED, label, file, fmt::format("cannot stat the module file: {}", std::strerror(errno)));
    }

    module_table &modules = table();
    const std::lock_guard lock(modules.mutex);
    const auto key = std::pair{status.st_dev, status.st_ino};
    if (const auto found = modules.modules.find(key); found != modules.modules.end()) {
        found->second->pins.fetch_add(1);
        return load_outcome{found->second.get(), false};
    }
    if (auto checked = module_file::check_status(status); !checked) {
        return refuse(checked.error().code(), label, file, checked.error().message() + "; refused before loading");
    }
    auto info = descriptor::read_module_descriptor(fd, file.string());
    if (!info) {
        return refuse(info.error().code(), label, file, fmt::format("refused before loading: {}", info.error().message()));
    }

    auto module = std::make_unique<loaded_module>();
    module->device = status.st_dev;
    module->inode = status.st_ino;
    module->file = file;
    module->descriptor = std::move(*info);
    // By path, not by /proc/self/fd: glibc recognises loaded objects by the name they were
    // loaded under, and fd numbers are reused.
    module->handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module->handle == nullptr) {
        const char *why = ::dlerror();
        return refuse(CO_E_ERRORINDLL, label, file, fmt::format("dlopen failed: {}", why != nullptr ? why : "?"));
    }
    auto unload = gsl::finally([&] {
        if (module != nullptr) {
            ::dlclose(module->handle);
        }
    });
    struct stat loaded_status {};
    if (::stat(file.c_str(), &loaded_status) != 0 || loaded_status.st_dev != status.st_dev ||
        loaded_status.st_ino != status.st_ino) {
        return refuse(E_ACCESSDENIED, label, file, "the file was replaced while it was being loaded");
    }
    auto get_class_object = entry_point<get_class_object_fn>(module->handle, "DllGetClassObject", true, label, file);
    if (!get_class_object) {
        return tl::make_unexpected(get_class_object.error());
    }
    auto can_unload_now = entry_point<can_unload_now_fn>(module->handle, "DllCanUnloadNow", false, label, file);
    if (!can_unload_now) {
        return tl::make_unexpected(can_unload_now.error());
    }
    module->get_class_object = *get_class_object;
    module->can_unload_now = *can_unload_now;
    module->pins.store(1);
    loaded_module *loaded = module.get();
    modules.modules.emplace(key, std::move(module)); // moved from: the guard keeps it loaded
    return load_outcome{loaded, true};
}

std::size_t unload_unused_modules()
{
    module_table &modules = table();
    const std::lock_guard lock(modules.mutex);
    std::size_t unloaded = 0;
    for (auto at = modules.modules.begin(); at != modules.modules.end();) {
        loaded_module &module = *at->second;
        if (module.pins.load() == 0 && module.can_unload_now != nullptr && module.can_unload_now() == S_OK) {
            ::dlclose(module.handle);
            at = modules.modules.erase(at);
            ++unloaded;
        } else {
            ++at;
        }
    }
    return unloaded;
}

} // namespace ucom::activation
