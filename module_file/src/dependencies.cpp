// Finds a module's libraries as glibc's ld.so does (dl-load.c: _dl_map_object) and checks
// each with the load policy. Conservative where ld.so's choice depends on the hardware:
// every hwcaps subfolder and every ld.so.cache entry of a name that exists is checked.
#include <ucom/module_file/dependencies.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include <ucom/module_file/policy.hpp>

#include "ld_cache.hpp"

namespace ucom::module_file {

using descriptor::dynamic_section;
using descriptor::read_dynamic;
using descriptor::split_search_path;

namespace {

// AT_PLATFORM, what $PLATFORM stands for ("x86_64", "aarch64", "power9", …); empty when the
// kernel gives none.
std::string platform_name()
{
    const auto *platform = reinterpret_cast<const char *>(::getauxval(AT_PLATFORM)); // the kernel's string
    return platform != nullptr ? platform : "";
}

// The subfolders ld.so (glibc 2.36) tries in each search folder before the folder itself,
// for the architecture ucom is built for: the glibc-hwcaps levels (sysdeps/*/dl-hwcaps-
// subdirs.c; `ld.so --help` lists them), then the legacy hwcaps ones: "tls", the platform
// (AT_PLATFORM) and the hardware capabilities ld.so counts as important, alone and combined.
// All of them are checked, supported by this CPU or not.
std::vector<std::string> hwcaps_subfolders()
{
#if defined(__x86_64__)
    std::vector<std::string> found = {"glibc-hwcaps/x86-64-v4", "glibc-hwcaps/x86-64-v3", "glibc-hwcaps/x86-64-v2",
                                      "tls/x86_64/x86_64",      "tls/x86_64",             "tls",
                                      "x86_64/x86_64",          "x86_64",                 "tls/avx512_1",
                                      "avx512_1"};
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
    std::vector<std::string> found = {"glibc-hwcaps/power10", "glibc-hwcaps/power9", "tls"};
#elif defined(__s390x__)
    std::vector<std::string> found = {"glibc-hwcaps/z15", "glibc-hwcaps/z14", "glibc-hwcaps/z13", "tls"};
#else
    std::vector<std::string> found = {"tls"}; // aarch64 and the others: no glibc-hwcaps levels
#endif
    // The platform's own subfolders (x86-64's are in the list already; a repeat costs nothing).
    const std::string name = platform_name();
    if (!name.empty() && name.find('/') == std::string::npos && name != "." && name != "..") {
        for (std::string sub : {"tls/" + name, name}) {
            if (std::find(found.begin(), found.end(), sub) == found.end()) {
                found.push_back(std::move(sub));
            }
        }
    }
    return found;
}

constexpr std::size_t max_libraries = 4096; // far above any real closure (a desktop's is about 300)
constexpr std::size_t max_depth = 256;       // of libraries that need libraries

// What one place ld.so would look in gave.
enum class hit {
    none,    // nothing there (or a file ld.so would skip)
    checked, // a library that ld.so may take, checked; the search goes on
    final,   // the library ld.so takes: the search is over
};

struct requester {
    std::filesystem::path file; // as the dynamic loader names it: $ORIGIN is its folder
    dynamic_section dynamic;
    const requester *loaded_by = nullptr; // whose DT_NEEDED (or dlopen) brought it in
    bool host = false; // the program, or the object in it that dlopens modules: only its RPATH counts
};

class resolver {
public:
    explicit resolver(loaded_libraries loaded) : loaded_(loaded), subfolders_(hwcaps_subfolders()) {}
    result<void> resolve(const requester &who);
    std::vector<dependency> take() { return std::move(found_); }

private:
    result<void> resolve_one(const requester &who, const std::string &name);
    // Tries `folders` in order, each one's hwcaps subfolders first.
    result<hit> search(const requester &who, const std::string &name, const std::vector<std::string> &folders,
                       const requester &expands, const char *through);
    result<hit> try_file(const requester &who, const std::string &name, const std::filesystem::path &file,
                         const char *through, hit when_found);
    result<std::string> expand(const std::string &folder, const requester &expands) const;
    error refused(const requester &who, const std::string &name, const std::string &where, const error &why) const;

    loaded_libraries loaded_;
    std::vector<std::string> subfolders_; // hwcaps_subfolders()
    std::set<std::string> done_; // names handled: ld.so matches a name once loaded
    std::vector<dependency> found_;
    std::vector<std::unique_ptr<requester>> libraries_;
};

std::size_t depth_of(const requester &who)
{
    std::size_t depth = 0;
    for (const requester *r = &who; r != nullptr; r = r->loaded_by) {
        ++depth;
    }
    return depth;
}

bool loaded_in_this_process(const std::string &name)
{
    // RTLD_NOLOAD matches names as ld.so does (loaded names and sonames) and maps nothing.
    void *handle = ::dlopen(name.c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) {
        return false;
    }
    ::dlclose(handle);
    return true;
}

error resolver::refused(const requester &who, const std::string &name, const std::string &where,
                        const error &why) const
{
    return error(why.code(), fmt::format("it needs {} ({}{}): {}", name, where,
                                         who.loaded_by == nullptr || who.loaded_by->host
                                             ? ""
                                             : fmt::format(", for {}", who.file.string()),
                                         why.message()));
}

result<std::string> resolver::expand(const std::string &folder, const requester &expands) const
{
    std::string out;
    for (std::size_t at = 0; at < folder.size();) {
        if (folder[at] != '$') {
            out += folder[at++];
            continue;
        }
        const std::string_view rest = std::string_view(folder).substr(at + 1);
        std::string_view token;
        std::size_t length = 0;
        for (std::string_view candidate : {"ORIGIN", "PLATFORM", "LIB"}) {
            if (rest.substr(0, candidate.size()) == candidate) {
                token = candidate;
                length = 1 + candidate.size();
            } else if (rest.size() > candidate.size() + 1 && rest[0] == '{' &&
                       rest.substr(1, candidate.size()) == candidate && rest[candidate.size() + 1] == '}') {
                token = candidate;
                length = 3 + candidate.size();
            }
        }
        if (token == "ORIGIN") {
            out += std::filesystem::absolute(expands.file).parent_path().string();
        } else if (token == "PLATFORM") {
            out += platform_name();
        } else {
            return tl::make_unexpected(error(
                E_ACCESSDENIED, fmt::format("the search folder '{}' uses a substitution ucom does not resolve ($LIB "
                                            "or unknown); use an absolute folder or $ORIGIN",
                                            folder)));
        }
        at += length;
    }
    return out;
}

result<hit> resolver::try_file(const requester &who, const std::string &name, const std::filesystem::path &file,
                               const char *through, hit when_found)
{
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
        return hit::none;
    }
    auto checked = open_checked(file);
    if (!checked) {
        return tl::make_unexpected(
            refused(who, name, fmt::format("found through {} as {}", through, file.string()), checked.error()));
    }
    auto dynamic = read_dynamic(checked->fd.get(), file.string());
    if (!dynamic) {
        return hit::none; // ld.so skips a file of another class or machine, and so do we
    }
    if (depth_of(who) > max_depth) {
        return tl::make_unexpected(refused(
            who, name, through, error(E_ACCESSDENIED, fmt::format("libraries nest more than {} deep", max_depth))));
    }
    found_.push_back({name, file, who.file.string(), through});
    auto library = std::make_unique<requester>(requester{file, std::move(*dynamic), &who, false});
    libraries_.push_back(std::move(library));
    if (auto inner = resolve(*libraries_.back()); !inner) {
        return tl::make_unexpected(inner.error());
    }
    return when_found;
}

result<hit> resolver::search(const requester &who, const std::string &name, const std::vector<std::string> &folders,
                             const requester &expands, const char *through)
{
    hit found = hit::none;
    for (const std::string &written : folders) {
        auto folder = expand(written.empty() ? std::string(".") : written, expands);
        if (!folder) {
            return tl::make_unexpected(refused(who, name, fmt::format("searched through {}", through), folder.error()));
        }
        const std::filesystem::path base = std::filesystem::absolute(*folder);
        if (auto safe = check_search_folder(base); !safe) {
            return tl::make_unexpected(
                refused(who, name, fmt::format("looked for in {} ({})", base.string(), through), safe.error()));
        }
        for (const std::string &sub : subfolders_) {
            // `base` passed, so nobody else can create anything in it: a subfolder whose
            // first part is missing holds nothing, now or later, and needs no walk.
            struct stat first {};
            if (::lstat((base / sub.substr(0, sub.find('/'))).c_str(), &first) != 0 && errno == ENOENT) {
                continue;
            }
            const std::filesystem::path subfolder = base / sub;
            if (auto safe = check_search_folder(subfolder); !safe) {
                return tl::make_unexpected(
                    refused(who, name, fmt::format("looked for in {} ({})", subfolder.string(), through), safe.error()));
            }
            auto tried = try_file(who, name, subfolder / name, through, hit::checked);
            if (!tried) {
                return tried;
            }
            found = std::max(found, *tried);
        }
        auto tried = try_file(who, name, base / name, through, hit::final);
        if (!tried || *tried == hit::final) {
            return tried;
        }
    }
    return found;
}

result<void> resolver::resolve_one(const requester &who, const std::string &name)
{
    hit found = hit::none;
    // Each step runs unless an earlier one found the library for good; a failure ends all.
    const auto step = [&](const auto &look) -> result<void> {
        if (found == hit::final) {
            return {};
        }
        result<hit> tried = look();
        if (!tried) {
            return tl::make_unexpected(tried.error());
        }
        found = std::max(found, *tried);
        return {};
    };
    if (name.find('/') != std::string::npos) {
        if (auto tried = step([&] { return try_file(who, name, std::filesystem::absolute(name), "its path", hit::final); });
            !tried) {
            return tried;
        }
    } else {
        // DT_RPATH of the library and of those that loaded it, each only without DT_RUNPATH.
        for (const requester *r = &who; who.dynamic.runpath.empty() && r != nullptr; r = r->loaded_by) {
            if (r->dynamic.runpath.empty()) {
                const char *through = r->host ? "the host's RPATH" : "RPATH";
                if (auto tried = step([&] { return search(who, name, r->dynamic.rpath, *r, through); }); !tried) {
                    return tried;
                }
            }
        }
        const std::vector<std::string> environment = split_search_path(::secure_getenv("LD_LIBRARY_PATH"));
        for (const auto &[folders, through] : {std::pair{&environment, "LD_LIBRARY_PATH"},
                                               std::pair{&who.dynamic.runpath, "RUNPATH"}}) {
            if (auto tried = step([&] { return search(who, name, *folders, who, through); }); !tried) {
                return tried;
            }
        }
        if (!who.dynamic.no_default_folders) {
            // ld.so takes one of the cache's entries when there are any; each is checked.
            bool cached = false;
            for (const std::filesystem::path &file : ld_cache_entries(name)) {
                if (auto tried = step([&] { return try_file(who, name, file, "ld.so.cache", hit::checked); });
                    !tried) {
                    return tried;
                }
                cached = cached || found != hit::none;
            }
            if (cached) {
                found = hit::final;
            }
            // glibc's system folders on Debian (`ld.so --list-diagnostics`: path.system_dirs),
            // with the multiarch triplet CMake found (CMAKE_LIBRARY_ARCHITECTURE).
            const std::vector<std::string> system_folders = {"/lib/" UCOM_MULTIARCH, "/usr/lib/" UCOM_MULTIARCH,
                                                             "/lib", "/usr/lib"};
            if (auto tried = step([&] { return search(who, name, system_folders, who, "the system folders"); });
                !tried) {
                return tried;
            }
        }
    }
    if (found == hit::none) {
        return tl::make_unexpected(
            refused(who, name, "found nowhere the dynamic loader looks",
                    error(CO_E_DLLNOTFOUND, "no such library in its RPATH, LD_LIBRARY_PATH, RUNPATH, ld.so.cache "
                                            "or the system folders")));
    }
    return {};
}

result<void> resolver::resolve(const requester &who)
{
    for (const std::string &name : who.dynamic.needed) {
        if (!done_.insert(name).second) {
            continue;
        }
        if (done_.size() > max_libraries) {
            return tl::make_unexpected(error(
                E_ACCESSDENIED, fmt::format("it pulls in more than {} libraries (the limit)", max_libraries)));
        }
        if (loaded_ == loaded_libraries::trust && loaded_in_this_process(name)) {
            continue;
        }
        // A plugin that needs libucom gets the host's, wherever (or whether) its own search
        // would find one.
        if (loaded_ == loaded_libraries::check_plugin && name == UCOM_RUNTIME_SONAME) {
            continue;
        }
        if (auto one = resolve_one(who, name); !one) {
            return one;
        }
    }
    return {};
}

// The dynamic section of a file this process runs already (so not held to the policy);
// empty when it cannot be read.
dynamic_section running_dynamic(const std::filesystem::path &file)
{
    const unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return {};
    }
    auto dynamic = read_dynamic(fd.get(), file.string());
    return dynamic ? std::move(*dynamic) : dynamic_section{};
}

// What ld.so searches after a module's own DT_RPATH when this process dlopens it: the
// DT_RPATH of the object that calls dlopen (the one that holds this code: libucom, or a
// program linked with it statically), of the objects that loaded that one, and of the
// executable (dl-load.c, _dl_map_object). The chain between the caller and the executable
// is taken as the two of them: a library that loads libucom with an RPATH of its own is
// not followed. Last in the vector: the caller.
std::vector<std::unique_ptr<requester>> read_host_chain()
{
    std::vector<std::unique_ptr<requester>> chain;
    std::error_code failed;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", failed);
    if (!failed) { // ld.so's $ORIGIN for the executable is its real folder, as here
        chain.push_back(std::make_unique<requester>(requester{program, running_dynamic(program), nullptr, true}));
    }
    static const int anchor = 0; // an address in the object that holds this code
    Dl_info holder {};
    struct stat holder_status {};
    struct stat program_status {};
    if (::dladdr(&anchor, &holder) == 0 || holder.dli_fname == nullptr || holder.dli_fname[0] == '\0' ||
        ::stat(holder.dli_fname, &holder_status) != 0) {
        return chain;
    }
    const bool is_program = ::stat("/proc/self/exe", &program_status) == 0 &&
                            program_status.st_dev == holder_status.st_dev && program_status.st_ino == holder_status.st_ino;
    if (!is_program) {
        const std::filesystem::path file = std::filesystem::absolute(holder.dli_fname);
        const requester *loader = chain.empty() ? nullptr : chain.back().get();
        chain.push_back(std::make_unique<requester>(requester{file, running_dynamic(file), loader, true}));
    }
    return chain;
}

// The host chain, read once per process: the executable and the object that holds this code
// stay mapped as long as this code runs, and ld.so searches the DT_RPATHs it read from them
// when it loaded them, so reading their files again (two opens and ELF reads, about a fifth
// of a first activation) could only find what ld.so no longer looks at.
const std::vector<std::unique_ptr<requester>> &host_chain()
{
    static const std::vector<std::unique_ptr<requester>> chain = read_host_chain();
    return chain;
}

} // namespace

result<std::vector<dependency>> check_dependencies(const std::filesystem::path &module, const dynamic_section &dynamic,
                                                   loaded_libraries loaded)
{
    // Only in the process that will dlopen the module do its host's RPATHs apply.
    static const std::vector<std::unique_ptr<requester>> no_hosts;
    const auto &hosts = loaded == loaded_libraries::trust ? host_chain() : no_hosts;
    const requester root{module, dynamic, hosts.empty() ? nullptr : hosts.back().get(), false};
    resolver libraries(loaded);
    if (auto resolved = libraries.resolve(root); !resolved) {
        return tl::make_unexpected(resolved.error());
    }
    return libraries.take();
}

result<descriptor::module_info> check_loadable(const std::filesystem::path &file)
{
    auto checked = open_checked(file);
    if (!checked) {
        return tl::make_unexpected(checked.error());
    }
    auto info = descriptor::read_module_descriptor(checked->fd.get(), file.string());
    if (!info) {
        return tl::make_unexpected(info.error());
    }
    if (auto libraries = check_dependencies(file, info->dynamic, loaded_libraries::check_plugin); !libraries) {
        return tl::make_unexpected(libraries.error());
    }
    return info;
}

} // namespace ucom::module_file
