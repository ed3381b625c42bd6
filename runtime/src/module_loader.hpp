// The process's loaded modules: each module file is checked, then loaded once per process
// (keyed by device and inode, so two paths or a symlink to one file load it once), and its
// entry points are taken from the module itself. Modules are a process-wide resource (the
// dynamic loader's), so this table is shared by every runtime in the process.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <sys/types.h>

#include <ucom/abi.h>
#include <ucom/error.hpp>

#include <ucom/module_file/descriptor.hpp>

namespace ucom::activation {

using get_class_object_fn = HRESULT (*)(REFCLSID, REFIID, void **);
using can_unload_now_fn = HRESULT (*)();
using unload_protocol_fn = std::uint32_t (*)();

struct loaded_module {
    dev_t device = 0;
    ino_t inode = 0;
    std::filesystem::path file; // the path it was first loaded from
    void *handle = nullptr;
    get_class_object_fn get_class_object = nullptr;
    can_unload_now_fn can_unload_now = nullptr; // optional
    unload_protocol_fn unload_protocol = nullptr; // optional; asked at each sweep that finds the module idle
    descriptor::module_info descriptor;          // read from the file before loading it
    std::atomic<long> pins{0};                   // class factories runtimes hold, and loads in progress
    // Since when DllCanUnloadNow has said S_OK at every sweep with no pin taken in between
    // (a module that does not unload exactly waits out the unload delay from there). Under
    // the module table's lock.
    std::optional<std::chrono::steady_clock::time_point> idle_since;
};

struct load_outcome {
    loaded_module *module = nullptr;
    bool loaded_now = false; // false: it was already mapped
};

// What the caller requires of a module's descriptor (that it matches the registration):
// checked before the module is loaded, and before a module already loaded is handed out.
using descriptor_check = std::function<result<void>(const descriptor::module_info &)>;

// Checks and loads `file` (absolute), or returns the module already loaded from the same
// file, pinned: it stays loaded until the caller drops the pin (loaded_module::pins),
// which a runtime keeps while it holds a factory of the module. Before any code of the
// module runs (docs/abi.md, "Which files the loader loads"): its path, every folder and
// symlink on it and the file pass module_file::open_checked; its ucom descriptor, read
// through that descriptor, is of ABI major 1 and `accept` accepts it; and every library
// it would pull in that the process has not loaded passes module_file::check_dependencies.
// `label` names the class being activated in errors.
result<load_outcome> load_module(const std::filesystem::path &file, const std::string &label,
                                 const descriptor_check &accept);

// Unloads (dlclose) the modules nobody pins and whose DllCanUnloadNow says S_OK: at once a
// module that unloads exactly, any other once it has been seen idle for `delay` (see
// loaded_module::idle_since). Returns how many.
std::size_t unload_unused_modules(std::chrono::milliseconds delay);

} // namespace ucom::activation
