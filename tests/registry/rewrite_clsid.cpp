// ucom_test_rewrite_clsid PLUGIN OLD_CLSID NEW_CLSID COPY [NEW_CLSID COPY]...
// Copies a plugin once per NEW_CLSID COPY pair, with its class OLD_CLSID renamed NEW_CLSID in
// the copy's ucom_descriptor section: many plugins with distinct classes from one build, for
// the registry's concurrency tests. The CLSID is found as the 16 bytes a GUID occupies in
// memory (Data1, Data2, Data3 little-endian, then Data4), exactly once in the section.
// `text:OLD text:NEW` replaces a string of the descriptor instead by one of the same length
// (a class name with control characters, for the tests of the tool's output).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <elf.h>

#include <fmt/core.h>

#include <ucom/guid.hpp>

namespace {

using guid_bytes = std::array<unsigned char, 16>;

guid_bytes bytes_of(const ucom::guid &id)
{
    const GUID &value = id.abi();
    guid_bytes bytes{};
    for (unsigned i = 0; i < 4; ++i) {
        bytes[i] = static_cast<unsigned char>(value.Data1 >> (8U * i));
    }
    for (unsigned i = 0; i < 2; ++i) {
        bytes[4 + i] = static_cast<unsigned char>(value.Data2 >> (8U * i));
        bytes[6 + i] = static_cast<unsigned char>(value.Data3 >> (8U * i));
    }
    std::copy(std::begin(value.Data4), std::end(value.Data4), bytes.begin() + 8);
    return bytes;
}

ucom::guid parse_clsid(std::string_view text)
{
    auto parsed = ucom::guid::parse(text);
    if (!parsed) {
        throw std::runtime_error(parsed.error().message());
    }
    return *parsed;
}

// The bytes a command-line argument stands for: a GUID's, or the text after "text:" as a
// whole string of the descriptor's string table (between NULs, so "Calculator" is not the
// end of "ICalculator").
std::vector<unsigned char> bytes_of_argument(std::string_view argument)
{
    if (argument.starts_with("text:")) {
        argument.remove_prefix(5);
        std::vector<unsigned char> bytes{'\0'};
        bytes.insert(bytes.end(), argument.begin(), argument.end());
        bytes.push_back('\0');
        return bytes;
    }
    const guid_bytes bytes = bytes_of(parse_clsid(argument));
    return {bytes.begin(), bytes.end()};
}

template <class T>
T read_at(const std::vector<char> &file, std::size_t offset)
{
    if (offset > file.size() || file.size() - offset < sizeof(T)) {
        throw std::runtime_error("truncated ELF file");
    }
    T value;
    std::memcpy(&value, file.data() + offset, sizeof(T));
    return value;
}

// [offset, offset + size) of the section `name` in a 64-bit little-endian ELF file.
std::pair<std::size_t, std::size_t> find_section(const std::vector<char> &file, std::string_view name)
{
    const auto header = read_at<Elf64_Ehdr>(file, 0);
    if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
        header.e_ident[EI_DATA] != ELFDATA2LSB) {
        throw std::runtime_error("not a 64-bit little-endian ELF file");
    }
    const auto section = [&](std::size_t index) {
        return read_at<Elf64_Shdr>(file, header.e_shoff + index * header.e_shentsize);
    };
    const Elf64_Shdr names = section(header.e_shstrndx);
    for (std::size_t i = 0; i < header.e_shnum; ++i) {
        const Elf64_Shdr candidate = section(i);
        const std::size_t name_at = names.sh_offset + candidate.sh_name;
        if (name_at + name.size() < file.size() && std::string_view(file.data() + name_at, name.size()) == name &&
            file[name_at + name.size()] == '\0') {
            if (candidate.sh_offset > file.size() || file.size() - candidate.sh_offset < candidate.sh_size) {
                throw std::runtime_error("the section lies outside the file");
            }
            return {candidate.sh_offset, candidate.sh_size};
        }
    }
    throw std::runtime_error(fmt::format("no {} section", name));
}

void run(int argc, char **argv)
{
    if (argc < 5 || (argc - 3) % 2 != 0) {
        throw std::runtime_error("usage: ucom_test_rewrite_clsid PLUGIN OLD_CLSID|text:OLD NEW_CLSID|text:NEW COPY "
                                 "[NEW COPY]...");
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        throw std::runtime_error(fmt::format("cannot read {}", argv[1]));
    }
    const std::vector<char> plugin{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto [section_offset, section_size] = find_section(plugin, "ucom_descriptor");
    const std::vector<unsigned char> old_bytes = bytes_of_argument(argv[2]);
    const auto section_begin = plugin.begin() + static_cast<std::ptrdiff_t>(section_offset);
    const auto section_end = section_begin + static_cast<std::ptrdiff_t>(section_size);
    const auto matches = [&](auto from) {
        return std::search(from, section_end, old_bytes.begin(), old_bytes.end(),
                           [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
    };
    const auto found = matches(section_begin);
    if (found == section_end) {
        throw std::runtime_error(fmt::format("{}: the descriptor does not declare {}", argv[1], argv[2]));
    }
    if (matches(found + 1) != section_end) {
        throw std::runtime_error(fmt::format("{}: the descriptor holds the bytes of {} twice", argv[1], argv[2]));
    }
    const auto at = static_cast<std::size_t>(found - plugin.begin());
    for (int i = 3; i < argc; i += 2) {
        const std::vector<unsigned char> new_bytes = bytes_of_argument(argv[i]);
        if (new_bytes.size() != old_bytes.size()) {
            throw std::runtime_error(fmt::format("'{}' and '{}' differ in length", argv[2], argv[i]));
        }
        std::vector<char> copy = plugin;
        std::memcpy(copy.data() + at, new_bytes.data(), new_bytes.size());
        const std::filesystem::path target = argv[i + 1];
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(copy.data(), static_cast<std::streamsize>(copy.size()));
        if (!out.flush()) {
            throw std::runtime_error(fmt::format("cannot write {}", target.string()));
        }
        out.close();
        std::filesystem::permissions(target, static_cast<std::filesystem::perms>(0755));
    }
}

} // namespace

int main(int argc, char **argv)
{
    try {
        run(argc, argv);
        return 0;
    } catch (const std::exception &e) {
        fmt::print(stderr, "ucom_test_rewrite_clsid: {}\n", e.what());
        return 1;
    }
}
