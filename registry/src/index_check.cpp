// `ucom verify`'s look at a registry file's binary index: open it as a host would, then
// compare it byte for byte with the index the file's current text gives.
#include <ucom/registry/verification.hpp>

#include <fmt/format.h>

#include <ucom/registry/store.hpp>
#include <ucom/registry/toml_file.hpp>

#include "registry_index.hpp"

namespace ucom::registry {

std::string_view index_state_name(index_check::state state)
{
    switch (state) {
    case index_check::state::current:
        return "current";
    case index_check::state::missing:
        return "missing";
    case index_check::state::stale:
        return "stale";
    case index_check::state::unreadable:
        return "unreadable";
    case index_check::state::damaged:
        return "damaged";
    case index_check::state::differs:
        return "differs";
    }
    return "unknown";
}

std::optional<index_check> check_index(const std::filesystem::path &registry_file)
{
    const auto toml = index::status_of(registry_file);
    if (!toml || !toml->exists) {
        return std::nullopt;
    }
    index_check check;
    check.file = index::path_for(toml->real);
    const auto opened = index::view::open(toml->real, toml->status);
    if (!opened) {
        constexpr index_check::state states[] = {index_check::state::missing, index_check::state::unreadable,
                                                 index_check::state::damaged, index_check::state::stale};
        check.result = states[static_cast<int>(opened.error().kind)];
        check.message = opened.error().message;
        return check;
    }
    // Read after the identity matched: a write since then makes the comparison fail, and a
    // second look (another `ucom verify`) tells.
    const auto text = read_registry_text(registry_file);
    const auto parsed = text ? parse_registry(*text, registry_file.string()) : tl::make_unexpected(text.error());
    if (!parsed) {
        return std::nullopt; // loading the registry file reports it
    }
    const auto expected = index::build(*parsed, toml->status, *text);
    if (!expected || !(*opened)->holds(*expected)) {
        check.result = index_check::state::differs;
        check.message = fmt::format("{}: the index does not hold what the registry file holds, though the file's "
                                    "identity (inode, size, mtime, ctime) is the one it records; hosts would read "
                                    "the index (fix: any `ucom register` or `ucom unregister` rewrites it, or delete it)",
                                    check.file.string());
    }
    return check;
}

} // namespace ucom::registry
