#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/module_descriptor.h>

#include <ucom/module_file/descriptor.hpp>

// The calculator's descriptor is linked into this test program, so the linker's section
// bounds give its bytes as a plugin file holds them.
extern "C" const std::byte __start_ucom_descriptor[]; // NOLINT(bugprone-reserved-identifier)
extern "C" const std::byte __stop_ucom_descriptor[];  // NOLINT(bugprone-reserved-identifier)

namespace {

std::vector<std::byte> section_bytes()
{
    return {__start_ucom_descriptor, __stop_ucom_descriptor};
}

template <class T>
void poke(std::vector<std::byte> &bytes, std::size_t offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
}

std::string refusal(const std::vector<std::byte> &bytes)
{
    auto info = ucom::descriptor::parse_section(bytes, "test.so");
    REQUIRE_FALSE(info);
    CHECK(info.error().code() == CO_E_ERRORINDLL);
    return info.error().message();
}

} // namespace

TEST_CASE("The reader gives the classes and interfaces a module descriptor declares")
{
    auto info = ucom::descriptor::parse_section(section_bytes(), "test.so");
    REQUIRE(info);
    CHECK(info->abi_major == 1);
    REQUIRE(info->classes.size() == 1);
    const auto &calculator = info->classes[0];
    CHECK(calculator.name == "Calculator");
    CHECK(calculator.clsid == ucom::make_guid("47E33DF5-BF12-4469-836C-2EAC6F517450"));
    CHECK(calculator.threading == UCOM_THREADING_UNSPECIFIED);
    REQUIRE(calculator.interfaces.size() == 2);
    CHECK(calculator.interfaces[0].name == "ICalculator2");
    CHECK(calculator.interfaces[0].iid == ucom::make_guid("E13D5C1B-3381-4A08-AEA8-DEB7606F49A5"));
    CHECK(calculator.interfaces[0].flags == UCOM_INTERFACE_DEFAULT);
    CHECK(calculator.interfaces[0].fingerprint != 0);
    CHECK(calculator.interfaces[1].name == "IDescribe");
}

TEST_CASE("The reader gives the interfaces a module calls from the uses table of a descriptor")
{
    auto bytes = section_bytes();
    ucom_descriptor_header header{};
    std::memcpy(&header, bytes.data(), sizeof header);
    CHECK(header.abi_minor == 2);
    CHECK(header.header_size == sizeof(ucom_descriptor_header));
    auto info = ucom::descriptor::parse_section(bytes, "test.so");
    REQUIRE(info);
    CHECK(info->records_uses);
    CHECK(info->uses.empty()); // a coclass's blob; the uses tables are blobs of their own
    SECTION("a uses table is read with the interface records' stride")
    {
        ucom_descriptor_class calculator{};
        std::memcpy(&calculator, bytes.data() + header.classes_offset, sizeof calculator);
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, uses_count), 2);
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, uses_offset), calculator.interfaces_offset);
        auto read = ucom::descriptor::parse_section(bytes, "test.so");
        REQUIRE(read);
        REQUIRE(read->uses.size() == 2);
        CHECK(read->uses[0].name == "ICalculator2");
        CHECK(read->uses[0].fingerprint == read->classes[0].interfaces[0].fingerprint);
        CHECK(read->uses[0].contract == read->classes[0].interfaces[0].contract);
        CHECK(read->uses[1].name == "IDescribe");
    }
    SECTION("a uses table outside the blob is refused")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, uses_count), 0x10000000);
        CHECK(refusal(bytes) == "test.so: the module descriptor's 268435456 used-interface records lie outside it");
    }
}

namespace {

// The same blob as an older writer wrote it: 1.0 (a 40-byte header, no uses table) or 1.1
// (48 bytes), with 32-byte interface records that carry no contract. The blob must have no
// uses (the calculator's has none).
std::vector<std::byte> as_older_version(const std::vector<std::byte> &bytes, std::uint16_t minor)
{
    ucom_descriptor_header header{};
    std::memcpy(&header, bytes.data(), sizeof header);
    REQUIRE(header.uses_count == 0);
    const std::uint32_t header_size =
        minor == 0 ? UCOM_DESCRIPTOR_HEADER_SIZE_1_0 : std::uint32_t{offsetof(ucom_descriptor_header, layout_version)};
    const std::uint32_t interface_size = UCOM_DESCRIPTOR_INTERFACE_SIZE_1_0;
    // Sized before each copy (GCC 12 warns wrongly about inserts into a vector of bytes).
    std::vector<std::byte> old(header_size + std::size_t{header.class_count} * header.class_size);
    const auto append = [&old](const std::byte *from, std::size_t size) {
        const std::size_t at = old.size();
        old.resize(at + size);
        std::memcpy(old.data() + at, from, size);
        return static_cast<std::uint32_t>(at);
    };
    for (std::uint32_t i = 0; i < header.class_count; ++i) {
        ucom_descriptor_class c{};
        std::memcpy(&c, bytes.data() + header.classes_offset + std::size_t{i} * header.class_size, sizeof c);
        const std::uint32_t first = static_cast<std::uint32_t>(old.size());
        for (std::uint32_t j = 0; j < c.interface_count; ++j) {
            append(bytes.data() + c.interfaces_offset + std::size_t{j} * header.interface_size, interface_size);
        }
        c.interfaces_offset = c.interface_count != 0 ? first : 0;
        std::memcpy(old.data() + header_size + std::size_t{i} * header.class_size, &c, sizeof c);
    }
    const std::uint32_t strings_offset = append(bytes.data() + header.strings_offset, header.strings_size);
    old.resize((old.size() + 7U) & ~std::size_t{7});
    ucom_descriptor_header written = header;
    written.size = static_cast<std::uint32_t>(old.size());
    written.abi_minor = minor;
    written.header_size = header_size;
    written.interface_size = interface_size;
    written.classes_offset = header_size;
    written.strings_offset = strings_offset;
    std::memcpy(old.data(), &written, header_size);
    return old;
}

} // namespace

TEST_CASE("The reader reads a 1.0 descriptor, whose header ends before the uses table, as recording no uses")
{
    const auto current = ucom::descriptor::parse_section(section_bytes(), "test.so");
    const auto old = ucom::descriptor::parse_section(as_older_version(section_bytes(), 0), "test.so");
    REQUIRE(current);
    REQUIRE(old);
    CHECK(old->abi_minor == 0);
    CHECK_FALSE(old->records_uses);
    CHECK(old->uses.empty());
    REQUIRE(old->classes.size() == current->classes.size());
    CHECK(old->classes[0].name == current->classes[0].name);
    REQUIRE(old->classes[0].interfaces.size() == current->classes[0].interfaces.size());
    CHECK(old->classes[0].interfaces[1].fingerprint == current->classes[0].interfaces[1].fingerprint);
    CHECK(old->classes[0].interfaces[1].name == "IDescribe");
    CHECK(old->classes[0].interfaces[1].contract == 0);
}

TEST_CASE("The reader reads a 1.1 descriptor's 32-byte interface records as giving no contract")
{
    const auto current = ucom::descriptor::parse_section(section_bytes(), "test.so");
    const auto old = ucom::descriptor::parse_section(as_older_version(section_bytes(), 1), "test.so");
    REQUIRE(current);
    REQUIRE(old);
    CHECK(old->abi_minor == 1);
    CHECK(old->records_uses);
    REQUIRE(old->classes.at(0).interfaces.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto &was = old->classes[0].interfaces[i];
        const auto &now = current->classes[0].interfaces[i];
        CHECK(was.name == now.name);
        CHECK(was.iid == now.iid);
        CHECK(was.fingerprint == now.fingerprint);
        CHECK(was.flags == now.flags);
        CHECK(now.contract != 0);
        CHECK(was.contract == 0);
    }
}

TEST_CASE("The reader drops the contracts of a layout version it does not know")
{
    auto bytes = section_bytes();
    poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, layout_version), 3);
    const auto read = ucom::descriptor::parse_section(bytes, "test.so");
    REQUIRE(read);
    CHECK(read->classes.at(0).interfaces.at(0).fingerprint != 0);
    CHECK(read->classes.at(0).interfaces.at(0).contract == 0);
}

TEST_CASE("The reader accepts a newer minor version of the descriptor")
{
    auto bytes = section_bytes();
    poke<std::uint16_t>(bytes, offsetof(ucom_descriptor_header, abi_minor), 7);
    auto info = ucom::descriptor::parse_section(bytes, "test.so");
    REQUIRE(info);
    CHECK(info->abi_minor == 7);
}

TEST_CASE("The reader refuses a short, foreign, newer or corrupt descriptor and says which")
{
    auto bytes = section_bytes();
    SECTION("shorter than a header")
    {
        bytes.resize(20);
        CHECK(refusal(bytes) == "test.so: the module descriptor is truncated: a blob of 224 bytes where 20 remain");
    }
    SECTION("a blob longer than the section")
    {
        bytes.resize(bytes.size() - 8);
        CHECK(refusal(bytes).starts_with("test.so: the module descriptor is truncated: a blob of "));
    }
    SECTION("another magic number")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, magic), 0x12345678);
        CHECK(refusal(bytes) == "test.so: the module descriptor has a wrong magic number");
    }
    SECTION("another major version")
    {
        poke<std::uint16_t>(bytes, offsetof(ucom_descriptor_header, abi_major), 2);
        CHECK(refusal(bytes) == "test.so: the module descriptor is ABI 2.2; this ucom reads 1.x");
    }
    SECTION("records smaller than this version's")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, class_size), 8);
        CHECK(refusal(bytes) == "test.so: the module descriptor's records are too small");
    }
    SECTION("interface records smaller than 1.0's")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, interface_size), 24);
        CHECK(refusal(bytes) == "test.so: the module descriptor's records are too small");
    }
    SECTION("a string outside the string table")
    {
        ucom_descriptor_header header{};
        std::memcpy(&header, bytes.data(), sizeof header);
        poke<std::uint32_t>(bytes, header.classes_offset + offsetof(ucom_descriptor_class, name), 100000);
        CHECK(refusal(bytes) == "test.so: string offset 100000 is outside the string table");
    }
    SECTION("an empty section")
    {
        bytes.clear();
        CHECK(refusal(bytes) == "test.so: the ucom_descriptor section is empty");
    }
}

TEST_CASE("The reader refuses class records that share interface records or lie outside the blob, so its work stays "
          "linear in the blob's size")
{
    auto bytes = section_bytes();
    ucom_descriptor_header header{};
    std::memcpy(&header, bytes.data(), sizeof header);
    const std::size_t record = header.classes_offset;
    SECTION("two classes with one interface array (a small file would make the reader do quadratic work)")
    {
        // The blob grows by two class records at its end, both copies of the first one.
        std::vector<std::byte> blob(bytes.begin(), bytes.begin() + header.size);
        const std::size_t moved = (blob.size() + 7U) & ~std::size_t{7};
        blob.resize(moved + 2U * header.class_size);
        for (std::size_t copy = 0; copy < 2; ++copy) {
            std::memcpy(blob.data() + moved + copy * header.class_size, bytes.data() + record, header.class_size);
        }
        poke<std::uint32_t>(blob, offsetof(ucom_descriptor_header, size), static_cast<std::uint32_t>(blob.size()));
        poke<std::uint32_t>(blob, offsetof(ucom_descriptor_header, class_count), 2);
        poke<std::uint32_t>(blob, offsetof(ucom_descriptor_header, classes_offset), static_cast<std::uint32_t>(moved));
        CHECK(refusal(blob) == "test.so: two classes share interface records (each class's must be its own)");
    }
    SECTION("more class records than the blob holds")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, class_count), 0xFFFFFFFF);
        CHECK(refusal(bytes) == "test.so: the module descriptor's 4294967295 class records lie outside it");
    }
    SECTION("more interface records than the blob holds")
    {
        poke<std::uint32_t>(bytes, record + offsetof(ucom_descriptor_class, interface_count), 0x7FFFFFFF);
        CHECK(refusal(bytes) == "test.so: the interface records of class record 0 lie outside its blob");
    }
}
