// The module descriptor as `ucom register` meets it: a plugin built from ucom-idl's
// descriptor sources alone (linked with --gc-sections) is read with the runtime's reader
// without loading it, and its section's bytes are checked against docs/abi.md, the IDL files
// and ucom-idl's JSON.
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <gsl/util>
#include <nlohmann/json.hpp>

#include <ucom/guid.hpp>
#include <ucom/module_descriptor.h>

#include <ucom/module_file/descriptor.hpp>

namespace {

using ucom::descriptor::class_entry;
using ucom::descriptor::module_info;

struct elf_section {
    std::vector<std::byte> bytes;
    std::uint64_t alignment = 0;
};

// The bytes and alignment of the ucom_descriptor section of the ELF file at `path`, for the
// byte-level checks below; reading what they mean is descriptor_reader's job.
elf_section read_raw_section(const char *path)
{
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    const auto close_fd = gsl::finally([fd] { close(fd); });
    REQUIRE(elf_version(EV_CURRENT) != EV_NONE);
    Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
    REQUIRE(elf != nullptr);
    const auto end_elf = gsl::finally([elf] { elf_end(elf); });
    std::size_t names = 0;
    REQUIRE(elf_getshdrstrndx(elf, &names) == 0);
    for (Elf_Scn *scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr header;
        const char *name = gelf_getshdr(scn, &header) != nullptr ? elf_strptr(elf, names, header.sh_name) : nullptr;
        if (name != nullptr && std::string_view(name) == UCOM_DESCRIPTOR_SECTION) {
            const Elf_Data *data = elf_getdata(scn, nullptr);
            REQUIRE(data != nullptr);
            const auto *begin = static_cast<const std::byte *>(data->d_buf);
            return {{begin, begin + data->d_size}, header.sh_addralign};
        }
    }
    FAIL("no " UCOM_DESCRIPTOR_SECTION " section in " << path);
    throw std::logic_error("unreachable");
}

const elf_section &plugin_section()
{
    static const elf_section section = read_raw_section(UCOM_LAYOUT_FAKE_PLUGIN);
    return section;
}

const module_info &plugin_info()
{
    static const module_info info = [] {
        auto read = ucom::descriptor::read_module_file(UCOM_LAYOUT_FAKE_PLUGIN);
        INFO((read ? "" : read.error().message()));
        REQUIRE(read);
        return std::move(*read);
    }();
    return info;
}

const class_entry &class_named(const std::string &name)
{
    for (const auto &c : plugin_info().classes) {
        if (c.name == name) {
            return c;
        }
    }
    FAIL("the descriptor declares no class " << name);
    throw std::logic_error("unreachable");
}

template <class Record>
Record record_at(std::span<const std::byte> bytes, std::size_t offset)
{
    REQUIRE(offset <= bytes.size());
    REQUIRE(bytes.size() - offset >= sizeof(Record));
    Record record{};
    std::memcpy(&record, bytes.data() + offset, sizeof record);
    return record;
}

// One blob of the section as ucom-idl wrote it, for checks of its bytes.
struct raw_blob {
    std::size_t offset = 0; // from the section's first byte
    ucom_descriptor_header header{};
    std::span<const std::byte> bytes;

    ucom_descriptor_class class_record(std::uint32_t index) const
    {
        return record_at<ucom_descriptor_class>(bytes, header.classes_offset + std::size_t{index} * header.class_size);
    }
    // The string table, NULs included.
    std::string strings() const
    {
        const auto table = bytes.subspan(header.strings_offset, header.strings_size);
        return {reinterpret_cast<const char *>(table.data()), table.size()};
    }
    std::string string_at(std::uint32_t offset_in_strings) const { return strings().c_str() + offset_in_strings; }
};

// Where the blobs sit: each at the 8-byte boundary after the previous one, as the reader
// walks them. Only the headers are taken; parse_section checks the rest.
std::vector<raw_blob> raw_blobs()
{
    const std::span<const std::byte> section = plugin_section().bytes;
    std::vector<raw_blob> blobs;
    for (std::size_t at = 0; at < section.size(); at = (at + blobs.back().header.size + 7) / 8 * 8) {
        raw_blob blob{at, record_at<ucom_descriptor_header>(section, at), {}};
        REQUIRE(blob.header.size >= sizeof blob.header);
        REQUIRE(blob.header.size <= section.size() - at);
        REQUIRE(blob.header.strings_offset <= blob.header.size);
        REQUIRE(blob.header.strings_size <= blob.header.size - blob.header.strings_offset);
        blob.bytes = section.subspan(at, blob.header.size);
        blobs.push_back(blob);
    }
    return blobs;
}

const raw_blob &raw_blob_of_class(const std::vector<raw_blob> &blobs, const std::string &class_name)
{
    for (const auto &blob : blobs) {
        for (std::uint32_t i = 0; i < blob.header.class_count; ++i) {
            if (blob.string_at(blob.class_record(i).name) == class_name) {
                return blob;
            }
        }
    }
    FAIL("no blob describes class " << class_name);
    throw std::logic_error("unreachable");
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

void check_class(const expected_class &expected)
{
    INFO("class " << expected.name);
    const auto &c = class_named(expected.name);
    CHECK(c.clsid == ucom::make_guid(expected.clsid));
    CHECK(c.progid == expected.progid);
    CHECK(c.vi_progid == expected.vi_progid);
    CHECK(c.description == expected.description);
    CHECK(c.threading == expected.threading);
    REQUIRE(c.interfaces.size() == expected.interfaces.size());
    for (std::size_t i = 0; i < expected.interfaces.size(); ++i) {
        INFO("interface " << expected.interfaces[i].name);
        CHECK(c.interfaces[i].name == expected.interfaces[i].name);
        CHECK(c.interfaces[i].iid == ucom::make_guid(expected.interfaces[i].iid));
        CHECK(c.interfaces[i].flags == expected.interfaces[i].flags);
    }
}

nlohmann::json read_json(const char *path)
{
    std::ifstream in(path);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

template <class T>
std::vector<std::byte> with(std::vector<std::byte> bytes, std::size_t offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
    return bytes;
}

std::string refusal(const std::vector<std::byte> &bytes)
{
    auto info = ucom::descriptor::parse_section(bytes, "fake plugin");
    REQUIRE_FALSE(info);
    CHECK(info.error().code() == CO_E_ERRORINDLL);
    return info.error().message();
}

} // namespace

TEST_CASE("the plugin's ucom_descriptor section holds one 8-byte aligned blob per IDL file with coclasses")
{
    const auto &section = plugin_section();
    CHECK(section.alignment >= 8);
    const auto blobs = raw_blobs();
    REQUIRE(blobs.size() == 3);
    std::size_t sizes = 0;
    for (const auto &blob : blobs) {
        INFO("blob at " << blob.offset);
        CHECK(blob.offset == sizes); // back to back: each blob's size is a multiple of 8
        CHECK(blob.header.size % 8 == 0);
        CHECK(blob.header.magic == 0x4D4F4355u);
        CHECK(blob.header.abi_major == 1);
        CHECK(blob.header.abi_minor == 2);
        CHECK(blob.header.header_size == 56);
        CHECK(blob.header.class_size == 48);
        CHECK(blob.header.interface_size == 40);
        CHECK(blob.header.classes_offset == 56);
        CHECK(blob.header.layout_version == 2);
        CHECK(blob.header.reserved == 0);
        CHECK(blob.header.uses_count == 0); // the coclasses' blobs: what the plugin calls is in others
        CHECK(blob.header.uses_offset == 0);
        for (std::uint32_t i = 0; i < blob.header.class_count; ++i) {
            CHECK(blob.class_record(i).reserved == 0);
        }
        sizes += blob.header.size;
    }
    CHECK(sizes == section.bytes.size());

    // Sizes by hand: the header's fields (4 + 4 + 2 + 2 + 11 * 4 = 56 bytes), 48-byte classes,
    // 40-byte interfaces at an 8-byte boundary, the strings, padding to a multiple of 8.
    const auto &deep = raw_blob_of_class(blobs, "DeepChain").header;
    CHECK(deep.size == 416); // 56 + 2 * 48 = 152, + 4 * 40 = 312, + 99 strings = 411, + 5
    CHECK(deep.class_count == 2);
    CHECK(deep.strings_offset == 312);
    CHECK(deep.strings_size == 99);
    const auto &calculator = raw_blob_of_class(blobs, "Calculator").header;
    CHECK(calculator.size == 224); // 56 + 48 = 104, + 2 * 40 = 184, + 35 strings = 219, + 5
    CHECK(calculator.class_count == 1);
    CHECK(calculator.strings_offset == 184);
    CHECK(calculator.strings_size == 35);
    const auto &media = raw_blob_of_class(blobs, "MediaTrack").header;
    CHECK(media.size == 320); // 56 + 48 = 104, + 3 * 40 = 224, + 92 strings = 316, + 4
    CHECK(media.class_count == 1);
    CHECK(media.strings_offset == 224);
    CHECK(media.strings_size == 92);
}

TEST_CASE("the runtime's reader reads the plugin file as ABI 1.2 with its four classes and no entry points")
{
    const auto &info = plugin_info();
    CHECK(info.abi_major == 1);
    CHECK(info.abi_minor == 2);
    CHECK(info.records_uses);
    CHECK(info.uses.empty());
    CHECK(info.classes.size() == 4);
    // ucom-idl's descriptor sources are data only: the module's code is the plugin's own.
    CHECK_FALSE(info.defines_get_class_object);
    CHECK_FALSE(info.defines_can_unload_now);
}

TEST_CASE("the deep chain's blob describes its coclasses as deep_chain.idl declares them")
{
    check_class({"DeepChain",
                 "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D20",
                 "Deep.Chain.1",
                 "Deep.Chain",
                 "The end of a deep chain",
                 UCOM_THREADING_FREE,
                 {{"IDeep5", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D15", UCOM_INTERFACE_DEFAULT},
                  {"IDeep2", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D12", 0},
                  {"IDeepSink", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D01", UCOM_INTERFACE_SOURCE}}});
    check_class({"DeepBare",
                 "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D21",
                 "",
                 "",
                 "",
                 UCOM_THREADING_UNSPECIFIED,
                 {{"IDeep0", "5D1E0C3B-7A2F-4C61-9E0B-3F4A5B6C7D10", 0}}});

    // The blob's own order, and an absent string is offset 0, the table's empty string.
    const auto blobs = raw_blobs();
    const auto &blob = raw_blob_of_class(blobs, "DeepChain");
    REQUIRE(blob.header.class_count == 2);
    CHECK(blob.string_at(blob.class_record(0).name) == "DeepChain");
    const auto bare = blob.class_record(1);
    CHECK(blob.string_at(bare.name) == "DeepBare");
    CHECK(bare.progid == 0);
    CHECK(bare.vi_progid == 0);
    CHECK(bare.description == 0);
}

TEST_CASE("the calculator's blob describes the Calculator coclass of calculator.idl")
{
    check_class({"Calculator",
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
    check_class({"MediaTrack",
                 "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B20",
                 "Media.Track.1",
                 "Media.Track",
                 "A playable track",
                 UCOM_THREADING_BOTH,
                 {{"IMediaTrack2", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B03", UCOM_INTERFACE_DEFAULT},
                  {"IMediaSink", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B04", 0},
                  {"DMediaEvents", "A4E3B2C1-0D9F-4E8A-B7C6-5D4E3F2A1B11",
                   UCOM_INTERFACE_DEFAULT | UCOM_INTERFACE_SOURCE | UCOM_INTERFACE_DISPATCH}}});
    CHECK(class_named("MediaTrack").interfaces.at(2).fingerprint == 0);
}

TEST_CASE("every interface fingerprint and contract in the blobs is the one ucom-idl writes into its JSON")
{
    const std::vector<std::pair<const char *, const char *>> sources{{"DeepChain", UCOM_LAYOUT_DEEP_CHAIN_JSON},
                                                                     {"DeepBare", UCOM_LAYOUT_DEEP_CHAIN_JSON},
                                                                     {"Calculator", UCOM_LAYOUT_CALCULATOR_JSON},
                                                                     {"MediaTrack", UCOM_LAYOUT_MEDIA_LIBRARY_JSON}};
    std::size_t compared = 0;
    for (const auto &[class_name, json_path] : sources) {
        const auto description = read_json(json_path);
        for (const auto &itf : class_named(class_name).interfaces) {
            INFO(json_path << ": " << itf.name);
            if ((itf.flags & UCOM_INTERFACE_DISPATCH) != 0) {
                CHECK(itf.fingerprint == 0);
                CHECK(itf.contract == 0);
                continue;
            }
            const nlohmann::json *found = nullptr;
            for (const auto &candidate : description.at("interfaces")) {
                if (ucom::guid::parse(candidate.at("iid").get<std::string>()).value() == itf.iid) {
                    found = &candidate;
                }
            }
            REQUIRE(found != nullptr);
            CHECK(found->at("name") == itf.name);
            const auto fingerprint = found->at("fingerprint").get<std::string>();
            REQUIRE(fingerprint.size() == 16);
            CHECK(std::stoull(fingerprint, nullptr, 16) == itf.fingerprint);
            CHECK(itf.fingerprint != 0);
            const auto contract = found->at("contract_fingerprint").get<std::string>();
            CHECK(std::stoull(contract, nullptr, 16) == itf.contract);
            CHECK(itf.contract != itf.fingerprint);
            ++compared;
        }
    }
    CHECK(compared == 8); // 4 deep chain, 2 calculator, 2 media (and one dispinterface)
}

TEST_CASE("each blob's string table starts with the empty string and holds each string once")
{
    const auto blobs = raw_blobs();
    using strings = std::vector<std::string>;
    for (const auto &blob : blobs) {
        INFO("blob at " << blob.offset);
        REQUIRE_FALSE(blob.strings().empty());
        CHECK(blob.strings().back() == '\0');
    }
    CHECK(split_strings(raw_blob_of_class(blobs, "DeepChain").strings()) ==
          strings{"", "DeepChain", "Deep.Chain.1", "Deep.Chain", "The end of a deep chain", "DeepBare", "IDeep5",
                  "IDeep2", "IDeepSink", "IDeep0"});
    CHECK(split_strings(raw_blob_of_class(blobs, "Calculator").strings()) ==
          strings{"", "Calculator", "ICalculator2", "IDescribe"});
    CHECK(split_strings(raw_blob_of_class(blobs, "MediaTrack").strings()) ==
          strings{"", "MediaTrack", "Media.Track.1", "Media.Track", "A playable track", "IMediaTrack2", "IMediaSink",
                  "DMediaEvents"});
}

TEST_CASE("the reader walks the three blobs and refuses the section when the second or the last one is damaged")
{
    const auto &valid = plugin_section().bytes;
    REQUIRE(ucom::descriptor::parse_section(valid, "fake plugin"));
    const auto blobs = raw_blobs();
    REQUIRE(blobs.size() == 3);

    CHECK(refusal(with(valid, blobs[1].offset + offsetof(ucom_descriptor_header, magic), 0x4D4F4356u)) ==
          "fake plugin: the module descriptor has a wrong magic number");
    const auto &last = blobs.back();
    const std::vector<std::byte> short_of_the_last(valid.begin(), valid.end() - 8);
    CHECK(refusal(short_of_the_last) == "fake plugin: the module descriptor is truncated: a blob of " +
                                            std::to_string(last.header.size) + " bytes where " +
                                            std::to_string(last.header.size - 8) + " remain");
}
