#include <ucom/registry/model.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace ucom::registry {

namespace {
template <class Records, class Predicate>
auto *find_in(const Records &records, Predicate matches)
{
    const auto found = std::find_if(records.begin(), records.end(), matches);
    return found != records.end() ? &*found : nullptr;
}
} // namespace

const module_record *registry_file::find_module(std::string_view path) const
{
    return find_in(modules, [&](const module_record &m) { return m.path == path; });
}

const class_record *registry_file::find_class(const guid &clsid) const
{
    return find_in(classes, [&](const class_record &c) { return c.clsid == clsid; });
}

const interface_record *registry_file::find_interface(const guid &iid) const
{
    return find_in(interfaces, [&](const interface_record &i) { return i.iid == iid; });
}

bool is_progid(std::string_view text)
{
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    return !text.empty() && letter(text.front()) && std::all_of(text.begin(), text.end(), [&](char c) {
        return letter(c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

bool is_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80U) {
            ++i;
            continue;
        }
        // The sequence's length, the lead byte's payload bits, and the least code point a
        // sequence of that length may encode (anything smaller is an overlong form).
        struct form {
            unsigned char mask, marker, payload;
            std::size_t length;
            char32_t least;
        };
        constexpr form forms[] = {{0xE0, 0xC0, 0x1F, 2, 0x80}, {0xF0, 0xE0, 0x0F, 3, 0x800}, {0xF8, 0xF0, 0x07, 4, 0x10000}};
        const form *matched = nullptr;
        for (const form &f : forms) {
            if ((lead & f.mask) == f.marker) {
                matched = &f;
                break;
            }
        }
        if (matched == nullptr) {
            return false;
        }
        const std::size_t length = matched->length;
        const char32_t least = matched->least;
        char32_t code = lead & matched->payload;
        if (i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) {
                return false;
            }
            code = (code << 6U) | (next & 0x3FU);
        }
        if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

bool looks_like_clsid(std::string_view text)
{
    // A 36-character ProgID is no CLSID.
    const bool bare = text.size() == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-';
    return bare || (!text.empty() && text.front() == '{');
}

std::string short_name(const class_record &c) { return c.progid.empty() ? c.clsid.to_string() : c.progid; }

std::filesystem::path physical_path(const std::filesystem::path &file)
{
    const std::filesystem::path absolute = std::filesystem::absolute(file);
    auto last_up = absolute.end();
    for (auto part = absolute.begin(); part != absolute.end(); ++part) {
        if (*part == "..") {
            last_up = part;
        }
    }
    if (last_up == absolute.end()) {
        return absolute.lexically_normal();
    }
    std::filesystem::path up_to;
    std::filesystem::path rest;
    bool past_last_up = false;
    for (auto part = absolute.begin(); part != absolute.end(); ++part) {
        (past_last_up ? rest : up_to) /= *part;
        past_last_up = past_last_up || part == last_up;
    }
    std::error_code failed;
    const std::filesystem::path real = std::filesystem::canonical(up_to, failed);
    return failed ? absolute.lexically_normal() : (real / rest).lexically_normal();
}

std::filesystem::path resolve_module_path(const std::filesystem::path &registry_path, std::string_view module_path)
{
    const std::filesystem::path written(module_path);
    if (written.is_absolute()) {
        return written.lexically_normal();
    }
    return (physical_path(registry_path).parent_path() / written).lexically_normal();
}

std::string module_path_for(const std::filesystem::path &registry_path, const std::filesystem::path &module_file)
{
    const std::filesystem::path folder = physical_path(registry_path).parent_path();
    const std::filesystem::path module = physical_path(module_file);
    const std::filesystem::path relative = module.lexically_relative(folder);
    const bool below = !relative.empty() && *relative.begin() != "..";
    return below ? relative.string() : module.string();
}

std::string fingerprint_text(std::uint64_t fingerprint) { return fmt::format("0x{:016X}", fingerprint); }

layout_match compare_layouts(const interface_layouts &a, const interface_layouts &b)
{
    if (a.fingerprint != 0 && b.fingerprint != 0 && a.fingerprint != b.fingerprint) {
        return layout_match::binary_differs;
    }
    if (a.contract != 0 && b.contract != 0 && a.contract != b.contract) {
        return layout_match::contract_differs;
    }
    return layout_match::same;
}

std::string layout_text(layout_match match, const interface_layouts &side)
{
    return match == layout_match::contract_differs ? "contract " + fingerprint_text(side.contract)
                                                   : "layout " + fingerprint_text(side.fingerprint);
}

} // namespace ucom::registry
