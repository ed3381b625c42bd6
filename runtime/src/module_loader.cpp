#include "module_loader.hpp"

#include "plugin_call.hpp"

#include <ucom/module.h>
#include <ucom/module_file/dependencies.hpp>
#include <ucom/module_file/policy.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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
    // Never destroyed: modules' destructors (C++ statics, ELF fini functions) run at exit
    // after libucom's own static objects, and may still activate. Modules outlive main.
    static module_table &modules = *new module_table;
    return modules;
}

tl::unexpected<error> refuse(HRESULT code, const std::string &label, const std::filesystem::path &file,
                             const std::string &reason)
{
    return tl::make_unexpected(
        error(code, fmt::format("class {}: module {}: {}", label, file.string(), reason), label));
}

// Which file dlopen really mapped, found through the mapping of the module's dynamic section
// in /proc/self/maps (slow: only when glibc already had a library under this name, which may
// be an older build of a rebuilt plugin).
result<void> check_mapped_file(void *handle, const struct stat &checked)
{
    link_map *map = nullptr;
    if (::dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        return tl::make_unexpected(error(E_ACCESSDENIED, "cannot find the module's mapping"));
    }
    const auto address = reinterpret_cast<std::uintptr_t>(map->l_ld);
    std::unique_ptr<FILE, int (*)(FILE *)> maps(std::fopen("/proc/self/maps", "re"), &std::fclose);
    char line[4096];
    while (maps != nullptr && std::fgets(line, sizeof line, maps.get()) != nullptr) {
        unsigned long start = 0;
        unsigned long end = 0;
        unsigned major_number = 0;
        unsigned minor_number = 0;
        unsigned long inode = 0;
        if (std::sscanf(line, "%lx-%lx %*s %*s %x:%x %lu", &start, &end, &major_number, &minor_number, &inode) != 5 ||
            address < start || address >= end) {
            continue;
        }
        if (makedev(major_number, minor_number) == checked.st_dev && inode == checked.st_ino) {
            return {};
        }
        return tl::make_unexpected(error(
            E_ACCESSDENIED, "the file loaded is not the file checked: it was replaced while it was being loaded, or "
                            "an earlier version of it is still loaded in this process (glibc keeps a library by its "
                            "path; restart the process to load the new one)"));
    }
    return tl::make_unexpected(error(E_ACCESSDENIED, "cannot find the module's mapping in /proc/self/maps"));
}

// Whether the dynamic loader already has a library by this name (it matches names before
// files). A walk over the loaded objects, in user space.
bool loaded_under_name(const std::filesystem::path &file)
{
    struct search {
        const char *name;
        bool found;
    } wanted{file.c_str(), false};
    ::dl_iterate_phdr(
        [](dl_phdr_info *info, std::size_t, void *data) {
            auto &w = *static_cast<search *>(data);
            w.found = w.found || (info->dlpi_name != nullptr && std::strcmp(info->dlpi_name, w.name) == 0);
            return w.found ? 1 : 0;
        },
        &wanted);
    return wanted.found;
}

// The path still names the file checked: with the folder policy, only its owner or root
// could have swapped it, but then it is refused rather than trusted.
result<void> check_path_unchanged(const std::filesystem::path &file, const struct stat &checked)
{
    struct stat now {};
    if (::stat(file.c_str(), &now) != 0 || now.st_dev != checked.st_dev || now.st_ino != checked.st_ino) {
        return tl::make_unexpected(error(E_ACCESSDENIED, "the file was replaced while it was being loaded"));
    }
    return {};
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
    void *symbol_entry = nullptr;
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
    // A data symbol of that name would be called as code.
    if (::dladdr1(symbol, &info, &symbol_entry, RTLD_DL_SYMENT) == 0 || symbol_entry == nullptr ||
        ELF64_ST_TYPE(static_cast<const ElfW(Sym) *>(symbol_entry)->st_info) != STT_FUNC) { // ELF32_ST_TYPE is alike
        return refuse(CO_E_ERRORINDLL, label, file, fmt::format("the module's {} is not a function", name));
    }
    return reinterpret_cast<Function>(symbol);
}

} // namespace

result<load_outcome> load_module(const std::filesystem::path &file, const std::string &label,
                                 const descriptor_check &accept)
{
    // The file is opened by the walk that checks its path (module_file::open_checked); the
    // descriptor is read through that descriptor, and the file dlopen maps is compared with it.
    auto checked = module_file::open_checked(file);
    if (!checked) {
        return refuse(checked.error().code(), label, file, checked.error().message() + "; refused before loading");
    }
    const struct stat &status = checked->status;

    module_table &modules = table();
    const std::lock_guard lock(modules.mutex);
    const auto key = std::pair{status.st_dev, status.st_ino};
    if (const auto found = modules.modules.find(key); found != modules.modules.end()) {
        if (auto accepted = accept(found->second->descriptor); !accepted) {
            return tl::make_unexpected(accepted.error());
        }
        found->second->pins.fetch_add(1);
        found->second->idle_since.reset();
        return load_outcome{found->second.get(), false};
    }
    auto info = descriptor::read_module_descriptor(checked->fd.get(), file.string(), descriptor::entry_points::skip);
    if (!info) {
        return refuse(info.error().code(), label, file,
                      fmt::format("refused before loading: {}", info.error().message()));
    }
    if (auto accepted = accept(*info); !accepted) {
        return tl::make_unexpected(
            error(accepted.error().code(), accepted.error().message() + "; refused before loading", label));
    }
    // The libraries dlopen would pull in with it are held to the same policy.
    if (auto libraries = module_file::check_dependencies(file, info->dynamic, module_file::loaded_libraries::trust);
        !libraries) {
        return refuse(libraries.error().code(), label, file, libraries.error().message() + "; refused before loading");
    }

    auto module = std::make_unique<loaded_module>();
    module->device = status.st_dev;
    module->inode = status.st_ino;
    module->file = file;
    module->descriptor = std::move(*info);
    // glibc hands back a library it already has under this name, even if the file is now
    // another one (a rebuilt plugin whose old build is loaded). Rare, and then the mapping
    // itself is checked; otherwise a stat after loading is enough.
    const bool earlier = loaded_under_name(file);
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
    if (auto same = earlier ? check_mapped_file(module->handle, status) : check_path_unchanged(file, status); !same) {
        return refuse(E_ACCESSDENIED, label, file, same.error().message());
    }
    auto get_class_object = entry_point<get_class_object_fn>(module->handle, "DllGetClassObject", true, label, file);
    if (!get_class_object) {
        return tl::make_unexpected(get_class_object.error());
    }
    auto can_unload_now = entry_point<can_unload_now_fn>(module->handle, "DllCanUnloadNow", false, label, file);
    if (!can_unload_now) {
        return tl::make_unexpected(can_unload_now.error());
    }
    auto unload_protocol =
        entry_point<unload_protocol_fn>(module->handle, "ucom_module_unload_protocol", false, label, file);
    if (!unload_protocol) {
        return tl::make_unexpected(unload_protocol.error());
    }
    module->unload_protocol = *unload_protocol;
    module->get_class_object = *get_class_object;
    module->can_unload_now = *can_unload_now;
    module->pins.store(1);
    // try_emplace leaves `module` alone when the key exists: the module's constructors
    // activated one of its own classes, which loaded it first. Keep that entry; the guard
    // gives our reference to the handle back.
    const auto [at, added] = modules.modules.try_emplace(key, std::move(module));
    if (!added) {
        at->second->pins.fetch_add(1);
        at->second->idle_since.reset();
        return load_outcome{at->second.get(), false};
    }
    return load_outcome{at->second.get(), true}; // `module` is moved from: the guard keeps it loaded
}

std::size_t unload_unused_modules(std::chrono::milliseconds delay)
{
    module_table &modules = table();
    const std::lock_guard lock(modules.mutex);
    const auto now = std::chrono::steady_clock::now();
    std::size_t unloaded = 0;
    for (auto at = modules.modules.begin(); at != modules.modules.end();) {
        loaded_module &module = *at->second;
        // A DllCanUnloadNow that throws keeps its module loaded.
        const auto can_unload = [&] {
            const auto answer = call_plugin(plugin_site{{}, module.file}, "DllCanUnloadNow",
                                            [&] { return module.can_unload_now(); });
            return answer && *answer == S_OK;
        };
        if (module.pins.load() != 0 || module.can_unload_now == nullptr || !can_unload()) {
            module.idle_since.reset();
            ++at;
            continue;
        }
        // A module that does not unload exactly may have a thread still returning from its
        // last Release: it waits out the delay, from the first sweep that saw it idle. Asked
        // each time: a module's answer changes once it made an object with a Release of its
        // own (ucom/module.hpp). One that throws is not exact.
        if (!module.idle_since) {
            module.idle_since = now;
        }
        const auto exactly = [&] {
            if (module.unload_protocol == nullptr) {
                return false;
            }
            const auto answer = call_plugin(plugin_site{{}, module.file}, "ucom_module_unload_protocol",
                                            [&] { return module.unload_protocol(); });
            return answer && *answer == UCOM_UNLOAD_PROTOCOL_EXACT;
        };
        if (now - *module.idle_since >= delay || exactly()) {
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
