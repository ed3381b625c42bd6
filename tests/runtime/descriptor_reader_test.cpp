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

TEST_CASE("The reader gives the interfaces a module calls from the uses table of a 1.1 descriptor")
{
    auto bytes = section_bytes();
    ucom_descriptor_header header{};
    std::memcpy(&header, bytes.data(), sizeof header);
    CHECK(header.abi_minor == 1);
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
        CHECK(read->uses[1].name == "IDescribe");
    }
    SECTION("a uses table outside the blob is refused")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, uses_count), 0x10000000);
        CHECK(refusal(bytes) == "test.so: the module descriptor's 268435456 used-interface records lie outside it");
    }
}

namespace {

// The same blob as 1.0 wrote it: a 40-byte header, every offset 8 bytes less.
std::vector<std::byte> as_version_1_0(const std::vector<std::byte> &bytes)
{
    ucom_descriptor_header header{};
    std::memcpy(&header, bytes.data(), sizeof header);
    const std::uint32_t removed = sizeof header - UCOM_DESCRIPTOR_HEADER_SIZE_1_0;
    // Sized once and copied into (GCC 12 warns wrongly about an insert after the 40 bytes).
    std::vector<std::byte> old(header.size - removed);
    std::memcpy(old.data(), bytes.data(), UCOM_DESCRIPTOR_HEADER_SIZE_1_0);
    std::memcpy(old.data() + UCOM_DESCRIPTOR_HEADER_SIZE_1_0, bytes.data() + sizeof header, header.size - sizeof header);
    poke<std::uint32_t>(old, offsetof(ucom_descriptor_header, size), header.size - removed);
    poke<std::uint16_t>(old, offsetof(ucom_descriptor_header, abi_minor), 0);
    poke<std::uint32_t>(old, offsetof(ucom_descriptor_header, header_size), UCOM_DESCRIPTOR_HEADER_SIZE_1_0);
    poke<std::uint32_t>(old, offsetof(ucom_descriptor_header, classes_offset), header.classes_offset - removed);
    poke<std::uint32_t>(old, offsetof(ucom_descriptor_header, strings_offset), header.strings_offset - removed);
    for (std::uint32_t i = 0; i < header.class_count; ++i) {
        const std::size_t record = header.classes_offset - removed + std::size_t{i} * header.class_size;
        ucom_descriptor_class c{};
        std::memcpy(&c, old.data() + record, sizeof c);
        poke<std::uint32_t>(old, record + offsetof(ucom_descriptor_class, interfaces_offset),
                            c.interfaces_offset - removed);
    }
    old.resize((old.size() + 7U) & ~std::size_t{7});
    return old;
}

} // namespace

TEST_CASE("The reader reads a 1.0 descriptor, whose header ends before the uses table, as recording no uses")
{
    const auto current = ucom::descriptor::parse_section(section_bytes(), "test.so");
    const auto old = ucom::descriptor::parse_section(as_version_1_0(section_bytes()), "test.so");
    REQUIRE(current);
    REQUIRE(old);
    CHECK(old->abi_minor == 0);
    CHECK_FALSE(old->records_uses);
    CHECK(old->uses.empty());
    REQUIRE(old->classes.size() == current->classes.size());
    CHECK(old->classes[0].name == current->classes[0].name);
    REQUIRE(old->classes[0].interfaces.size() == current->classes[0].interfaces.size());
    CHECK(old->classes[0].interfaces[1].fingerprint == current->classes[0].interfaces[1].fingerprint);
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
        CHECK(refusal(bytes) == "test.so: the module descriptor is truncated: a blob of 200 bytes where 20 remain");
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
        CHECK(refusal(bytes) == "test.so: the module descriptor is ABI 2.1; this ucom reads 1.x");
    }
    SECTION("records smaller than this version's")
    {
        poke<std::uint32_t>(bytes, offsetof(ucom_descriptor_header, class_size), 8);
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
