// The module descriptor as `ucom register` meets it: read with libelf from the file of a
// plugin built from ucom-idl's descriptor sources (linked with --gc-sections), without
// loading it, and checked against docs/abi.md, the IDL files and ucom-idl's JSON.
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <ucom/guid.hpp>
#include <ucom/module_descriptor.h>

namespace {

struct elf_section {
    std::vector<std::byte> bytes;
    std::uint64_t alignment = 0;
};

// The contents of section `name` of the ELF file at `path`; nullopt when the file cannot be
// read or has no such section.
std::optional<elf_section> read_elf_section(const char *path, std::string_view name)
{
    struct elf_file {
        int fd = -1;
        Elf *elf = nullptr;
        elf_file(const elf_file &) = delete;
        elf_file &operator=(const elf_file &) = delete;
        explicit elf_file(const char *file) : fd(open(file, O_RDONLY | O_CLOEXEC))
        {
            if (fd >= 0 && elf_version(EV_CURRENT) != EV_NONE) {
                elf = elf_begin(fd, ELF_C_READ, nullptr);
            }
        }
        ~elf_file()
        {
            if (elf != nullptr) {
                elf_end(elf);
            }
            if (fd >= 0) {
                close(fd);
            }
        }
    } file(path);
    std::size_t names = 0;
    if (file.elf == nullptr || elf_getshdrstrndx(file.elf, &names) != 0) {
        return std::nullopt;
    }
    for (Elf_Scn *scn = elf_nextscn(file.elf, nullptr); scn != nullptr; scn = elf_nextscn(file.elf, scn)) {
        GElf_Shdr header;
        const char *scn_name =
            gelf_getshdr(scn, &header) != nullptr ? elf_strptr(file.elf, names, header.sh_name) : nullptr;
        if (scn_name == nullptr || name != scn_name) {
            continue;
        }
        elf_section out;
        out.alignment = header.sh_addralign;
        for (Elf_Data *data = elf_getdata(scn, nullptr); data != nullptr; data = elf_getdata(scn, data)) {
            const auto *begin = static_cast<const std::byte *>(data->d_buf);
            out.bytes.insert(out.bytes.end(), begin, begin + data->d_size);
        }
        return out;
    }
    return std::nullopt;
}

struct descriptor_class {
    ucom_descriptor_class record;
    std::vector<ucom_descriptor_interface> interfaces;
};

struct descriptor_blob {
    std::size_t offset = 0; // from the section's first byte
    ucom_descriptor_header header{};
    std::vector<descriptor_class> classes;
    std::string strings; // the string table, NULs included

    std::string string_at(std::uint32_t offset_in_strings) const { return strings.c_str() + offset_in_strings; }
};

struct section_outcome {
    std::vector<descriptor_blob> blobs;
    std::string error; // empty when the section was accepted
};

template <class Record>
Record record_at(std::span<const std::byte> blob, std::uint64_t offset, std::uint32_t stride)
{
    Record r{};
    std::memcpy(&r, blob.data() + offset, std::min<std::size_t>(sizeof r, stride));
    return r;
}

bool fits(std::uint64_t offset, std::uint64_t count, std::uint64_t stride, std::uint64_t size)
{
    return offset <= size && count * stride <= size - offset;
}

// Reads one blob (docs/abi.md, "The module descriptor"); returns what is wrong, or "".
std::string read_blob(std::span<const std::byte> blob, descriptor_blob &out)
{
    std::memcpy(&out.header, blob.data(), sizeof out.header);
    const auto &h = out.header;
    if (h.magic != UCOM_DESCRIPTOR_MAGIC) {
        return "bad magic";
    }
    if (h.abi_major != UCOM_DESCRIPTOR_ABI_MAJOR) {
        return "ABI major " + std::to_string(h.abi_major);
    }
    if (h.size < sizeof h || h.size > blob.size()) {
        return "size " + std::to_string(h.size) + " but " + std::to_string(blob.size()) + " bytes left";
    }
    blob = blob.first(h.size);
    if (h.header_size < sizeof h || h.class_size < sizeof(ucom_descriptor_class) ||
        h.interface_size < sizeof(ucom_descriptor_interface)) {
        return "records smaller than ABI 1.0's";
    }
    if (!fits(h.strings_offset, h.strings_size, 1, h.size) || h.strings_size == 0 ||
        blob[h.strings_offset] != std::byte{0} || blob[h.strings_offset + h.strings_size - 1] != std::byte{0}) {
        return "bad string table";
    }
    out.strings.assign(reinterpret_cast<const char *>(blob.data()) + h.strings_offset, h.strings_size);
    if (!fits(h.classes_offset, h.class_count, h.class_size, h.size)) {
        return "classes outside the blob";
    }
    for (std::uint32_t i = 0; i < h.class_count; ++i) {
        descriptor_class c{
            record_at<ucom_descriptor_class>(blob, h.classes_offset + std::uint64_t{i} * h.class_size, h.class_size),
            {}};
        const auto &r = c.record;
        for (std::uint32_t s : {r.name, r.progid, r.vi_progid, r.description}) {
            if (s >= h.strings_size) {
                return "class string outside the string table";
            }
        }
        if (!fits(r.interfaces_offset, r.interface_count, h.interface_size, h.size)) {
            return "interfaces outside the blob";
        }
        for (std::uint32_t k = 0; k < r.interface_count; ++k) {
            c.interfaces.push_back(record_at<ucom_descriptor_interface>(
                blob, r.interfaces_offset + std::uint64_t{k} * h.interface_size, h.interface_size));
            if (c.interfaces.back().name >= h.strings_size) {
                return "interface name outside the string table";
            }
        }
        out.classes.push_back(std::move(c));
    }
    return "";
}

// Reads every blob of a ucom_descriptor section: each at an 8-byte boundary, zero bytes
// between them.
section_outcome read_descriptor_section(std::span<const std::byte> section)
{
    section_outcome outcome;
    std::size_t at = 0;
    while (at < section.size()) {
        const auto rest = section.subspan(at);
        if (std::all_of(rest.begin(), rest.end(), [](std::byte b) { return b == std::byte{0}; })) {
            break; // padding after the last blob
        }
        if (rest.size() < sizeof(ucom_descriptor_header)) {
            outcome.error = "blob at " + std::to_string(at) + ": shorter than the header";
            return outcome;
        }
        descriptor_blob blob;
        blob.offset = at;
        if (auto error = read_blob(rest, blob); !error.empty()) {
            outcome.error = "blob at " + std::to_string(at) + ": " + error;
            return outcome;
        }
        const std::size_t end = at + blob.header.size;
        at = (end + 7) / 8 * 8;
        for (std::size_t i = end; i < std::min(at, section.size()); ++i) {
            if (section[i] != std::byte{0}) {
                outcome.error = "padding after the blob at " + std::to_string(blob.offset) + " is not zero";
                return outcome;
            }
        }
        outcome.blobs.push_back(std::move(blob));
    }
    return outcome;
}

const elf_section &plugin_section()
{
    static const elf_section section = [] {
        auto read = read_elf_section(UCOM_LAYOUT_FAKE_PLUGIN, UCOM_DESCRIPTOR_SECTION);
        REQUIRE(read.has_value());
        return *read;
    }();
    return section;
}

const descriptor_blob &blob_of_class(const std::vector<descriptor_blob> &blobs, const std::string &class_name)
{
    for (const auto &blob : blobs) {
        for (const auto &c : blob.classes) {
            if (blob.string_at(c.record.name) == class_name) {
                return blob;
            }
        }
    }
    FAIL("no blob describes class " << class_name);
    throw std::logic_error("unreachable");
}

std::vector<descriptor_blob> plugin_blobs()
{
    auto outcome = read_descriptor_section(plugin_section().bytes);
    INFO(outcome.error);
    REQUIRE(outcome.error.empty());
    return std::move(outcome.blobs);
}

// The strings of a string table, the leading empty one included.
std::vector<std::string> split_strings(const std::string &table)
{
    std::vector<std::string> out;
    for (std::size_t at = 0; at < table.size(); at += out.back().size() + 1) {
        out.emplace_back(table.c_str() + at);
    }
    return out;
}

struct expected_interface {
    const char *name;
    const char *iid;
    std::uint32_t flags;
};

struct expected_class {
    const char *name;
    const char *clsid;
    const char *progid;
    const char *vi_progid;
    const char *description;
    std::uint32_t threading;
    std::vector<expected_interface> interfaces;
};

void check_class(const descriptor_blob &blob, const descriptor_class &c, const expected_class &expected)
{
    INFO("class " << expected.name);
    CHECK(ucom::guid(c.record.clsid) == ucom::make_guid(expected.clsid));
    CHECK(blob.string_at(c.record.name) == expected.name);
    CHECK(blob.string_at(c.record.progid) == expected.progid);
    CHECK(blob.string_at(c.record.vi_progid) == expected.vi_progid);
    CHECK(blob.string_at(c.record.description) == expected.description);
    CHECK(c.record.threading == expected.threading);
    CHECK(c.record.reserved == 0);
    REQUIRE(c.record.interface_count == expected.interfaces.size());
    for (std::size_t i = 0; i < expected.interfaces.size(); ++i) {
        const auto &itf = c.interfaces[i];
        INFO("interface " << expected.interfaces[i].name);
        CHECK(blob.string_at(itf.name) == expected.interfaces[i].name);
        CHECK(ucom::guid(itf.iid) == ucom::make_guid(expected.interfaces[i].iid));
        CHECK(itf.flags == expected.interfaces[i].flags);
    }
}

nlohmann::json read_json(const char *path)
{
    std::ifstream in(path);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

std::vector<std::byte> with_u32(std::vector<std::byte> bytes, std::size_t offset, std::uint32_t value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
    return bytes;
}

std::vector<std::byte> with_u16(std::vector<std::byte> bytes, std::size_t offset, std::uint16_t value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
    return bytes;
}

} // namespace

TEST_CASE("the plugin's ucom_descriptor section holds one 8-byte aligned blob per IDL file with coclasses")
{
    const auto &section = plugin_section();
    CHECK(section.alignment >= 8);
    const auto blobs = plugin_blobs();
    REQUIRE(blobs.size() == 3);
    std::size_t sizes = 0;
    for (const auto &blob : blobs) {
        INFO("blob at " << blob.offset);
        CHECK(blob.offset % 8 == 0);
        CHECK(blob.header.magic == 0x4D4F4355u);
        CHECK(blob.header.abi_major == 1);
        CHECK(blob.header.abi_minor == 0);
        CHECK(blob.header.header_size == 40);
        CHECK(blob.header.class_size == 48);
        CHECK(blob.header.interface_size == 32);
        CHECK(blob.header.classes_offset == 40);
        sizes += blob.header.size;
    }
    CHECK(sizes <= section.bytes.size());
    CHECK(section.bytes.size() - sizes < 3 * 8);

    // Sizes by hand: the header's fields (4 + 4 + 2 + 2 + 7 * 4 = 40 bytes), 48-byte classes,
    // 32-byte interfaces at an 8-byte boundary, the strings, padding to a multiple of 8.
    const auto &deep = blob_of_class(blobs, "DeepChain").header;
    CHECK(deep.size == 368); // 40 + 2 * 48 = 136, + 4 * 32 = 264, + 99 strings = 363, + 5
    CHECK(deep.class_count == 2);
    CHECK(deep.strings_offset == 264);
    CHECK(deep.strings_size == 99);
    const auto &calculator = blob_of_class(blobs, "Calculator").header;
    CHECK(calculator.size == 192); // 40 + 48 = 88, + 2 * 32 = 152, + 35 strings = 187, + 5
    CHECK(calculator.class_count == 1);
    CHECK(calculator.strings_offset == 152);
    CHECK(calculator.strings_size == 35);
    const auto &media = blob_of_class(blobs, "MediaTrack").header;
    CHECK(media.size == 280); // 40 + 48 = 88, + 3 * 32 = 184, + 92 strings = 276, + 4
    CHECK(media.class_count == 1);
    CHECK(media.strings_offset == 184);
    CHECK(media.strings_size == 92);
}

TEST_CASE("the deep chain's blob describes its coclasses as deep_chain.idl declares them")
{
    const auto blobs = plugin_blobs();
    const auto &blob = blob_of_class(blobs, "DeepChain");
    REQUIRE(blob.classes.size() == 2);
    check_class(blob, blob.classes[0],
                {"DeepChain",
                 "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D20",
                 "Deep.Chain.1",
                 "Deep.Chain",
                 "The end of a deep chain",
                 UCOM_THREADING_FREE,
                 {{"IDeep5", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D15", UCOM_INTERFACE_DEFAULT},
                  {"IDeep2", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D12", 0},
                  {"IDeepSink", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D01", UCOM_INTERFACE_SOURCE}}});
    check_class(blob, blob.classes[1],
                {"DeepBare",
                 "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D21",
                 "",
                 "",
                 "",
                 UCOM_THREADING_UNSPECIFIED,
                 {{"IDeep0", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D10", 0}}});
    CHECK(blob.classes[1].record.progid == 0);
    CHECK(blob.classes[1].record.description == 0);
}

TEST_CASE("the calculator's blob describes the Calculator coclass of calculator.idl")
{
    const auto blobs = plugin_blobs();
    const auto &blob = blob_of_class(blobs, "Calculator");
    REQUIRE(blob.classes.size() == 1);
    check_class(blob, blob.classes[0],
                {"Calculator",
                 "47E33DF5-BF12-4469-836C-2EAC6F517450",
                 "",
                 "",
                 "",
                 UCOM_THREADING_UNSPECIFIED,
                 {{"ICalculator2", "E13D5C1B-3381-4A08-AEA8-DEB7606F49A5", UCOM_INTERFACE_DEFAULT},
                  {"IDescribe", "41D88BD5-3BBC-4430-B12C-15869419017E", 0}}});
}

TEST_CASE("the media library's blob describes a class inside a library with a dispinterface of fingerprint 0")
{
    const auto blobs = plugin_blobs();
    const auto &blob = blob_of_class(blobs, "MediaTrack");
    REQUIRE(blob.classes.size() == 1);
    check_class(blob, blob.classes[0],
                {"MediaTrack",
                 "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B20",
                 "Media.Track.1",
                 "Media.Track",
                 "A playable track",
                 UCOM_THREADING_BOTH,
                 {{"IMediaTrack2", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B03", UCOM_INTERFACE_DEFAULT},
                  {"IMediaSink", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B04", 0},
                  {"DMediaEvents", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B11",
                   UCOM_INTERFACE_DEFAULT | UCOM_INTERFACE_SOURCE | UCOM_INTERFACE_DISPATCH}}});
    CHECK(blob.classes[0].interfaces[2].fingerprint == 0);
}

TEST_CASE("every interface fingerprint in the blobs is the one ucom-idl writes into its JSON")
{
    const auto blobs = plugin_blobs();
    const std::vector<std::pair<const char *, const char *>> sources{{"DeepChain", UCOM_LAYOUT_DEEP_CHAIN_JSON},
                                                                     {"Calculator", UCOM_LAYOUT_CALCULATOR_JSON},
                                                                     {"MediaTrack", UCOM_LAYOUT_MEDIA_LIBRARY_JSON}};
    std::size_t compared = 0;
    for (const auto &[class_name, json_path] : sources) {
        const auto description = read_json(json_path);
        const auto &blob = blob_of_class(blobs, class_name);
        for (const auto &c : blob.classes) {
            for (const auto &itf : c.interfaces) {
                const auto name = blob.string_at(itf.name);
                INFO(json_path << ": " << name);
                if ((itf.flags & UCOM_INTERFACE_DISPATCH) != 0) {
                    CHECK(itf.fingerprint == 0);
                    continue;
                }
                const nlohmann::json *found = nullptr;
                for (const auto &candidate : description.at("interfaces")) {
                    if (ucom::guid::parse(candidate.at("iid").get<std::string>()).value() == ucom::guid(itf.iid)) {
                        found = &candidate;
                    }
                }
                REQUIRE(found != nullptr);
                CHECK(found->at("name") == name);
                const auto fingerprint = found->at("fingerprint").get<std::string>();
                REQUIRE(fingerprint.size() == 16);
                CHECK(std::stoull(fingerprint, nullptr, 16) == itf.fingerprint);
                CHECK(itf.fingerprint != 0);
                ++compared;
            }
        }
    }
    CHECK(compared == 8); // 4 deep chain, 2 calculator, 2 media (and one dispinterface)
}

TEST_CASE("each blob's string table starts with the empty string and holds each string once")
{
    const auto blobs = plugin_blobs();
    using strings = std::vector<std::string>;
    CHECK(split_strings(blob_of_class(blobs, "DeepChain").strings) ==
          strings{"", "DeepChain", "Deep.Chain.1", "Deep.Chain", "The end of a deep chain", "DeepBare", "IDeep5",
                  "IDeep2", "IDeepSink", "IDeep0"});
    CHECK(split_strings(blob_of_class(blobs, "Calculator").strings) ==
          strings{"", "Calculator", "ICalculator2", "IDescribe"});
    CHECK(split_strings(blob_of_class(blobs, "MediaTrack").strings) ==
          strings{"", "MediaTrack", "Media.Track.1", "Media.Track", "A playable track", "IMediaTrack2", "IMediaSink",
                  "DMediaEvents"});
}

TEST_CASE("the descriptor reader accepts a newer minor and refuses truncated, foreign and newer-major sections")
{
    const auto &valid = plugin_section().bytes;
    REQUIRE(read_descriptor_section(valid).error.empty());
    const auto blobs = plugin_blobs();
    REQUIRE(blobs.size() >= 2);
    const std::size_t second = blobs[1].offset;
    const std::size_t last_end = blobs.back().offset + blobs.back().header.size;

    const auto refusal = [](const std::vector<std::byte> &bytes) { return read_descriptor_section(bytes).error; };
    CHECK(refusal(with_u16(valid, offsetof(ucom_descriptor_header, abi_minor), 7)).empty());

    const std::vector<std::byte> short_of_a_header(valid.begin(), valid.begin() + 30);
    CHECK_THAT(refusal(short_of_a_header), Catch::Contains("blob at 0: shorter than the header"));
    const std::vector<std::byte> short_of_a_blob(valid.begin(),
                                                 valid.begin() + static_cast<std::ptrdiff_t>(last_end - 8));
    CHECK_THAT(refusal(short_of_a_blob),
               Catch::Contains("but " + std::to_string(last_end - 8 - blobs.back().offset) + " bytes left"));
    CHECK_THAT(refusal(with_u32(valid, second + offsetof(ucom_descriptor_header, magic), 0x4D4F4356u)),
               Catch::Equals("blob at " + std::to_string(second) + ": bad magic"));
    CHECK_THAT(refusal(with_u16(valid, offsetof(ucom_descriptor_header, abi_major), 2)),
               Catch::Equals("blob at 0: ABI major 2"));
    CHECK_THAT(refusal(with_u32(valid, offsetof(ucom_descriptor_header, size), 39)), Catch::Contains("size 39"));
    CHECK_THAT(refusal(with_u32(valid, offsetof(ucom_descriptor_header, class_size), 40)),
               Catch::Contains("records smaller than ABI 1.0's"));
    const std::size_t first_class = blobs[0].header.classes_offset;
    CHECK_THAT(refusal(with_u32(valid, first_class + offsetof(ucom_descriptor_class, progid), 4096)),
               Catch::Contains("class string outside the string table"));
}
