// The task allocator: memory that crosses the boundary.
#include <cstdint>
#include <cstring>

#include <catch2/catch.hpp>

#include <ucom/ucom.h>

TEST_CASE("the task allocator allocates, grows and frees blocks, aligned for any type")
{
    auto *block = static_cast<unsigned char *>(ucom_alloc(24));
    REQUIRE(block != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(block) % alignof(std::max_align_t) == 0);
    std::memset(block, 0xAB, 24);
    block = static_cast<unsigned char *>(ucom_realloc(block, 4096));
    REQUIRE(block != nullptr);
    CHECK(block[23] == 0xAB);
    ucom_free(block);
}

TEST_CASE("the task allocator's edge cases follow the documented contract")
{
    CHECK(ucom_alloc(0) == nullptr);
    ucom_free(nullptr);
    void *fresh = ucom_realloc(nullptr, 8);
    CHECK(fresh != nullptr);
    CHECK(ucom_realloc(fresh, 0) == nullptr); // frees
    CHECK(ucom_strdup(nullptr) == nullptr);
}

TEST_CASE("ucom_strdup copies a UTF-8 string into task memory")
{
    const char *text = "gr\xC3\xBC\xC3\x9F dich";
    char *copy = ucom_strdup(text);
    REQUIRE(copy != nullptr);
    CHECK(copy != text);
    CHECK(std::strcmp(copy, text) == 0);
    ucom_free(copy);
}
