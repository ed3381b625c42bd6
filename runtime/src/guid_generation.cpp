// New GUIDs for interface and class authors: version 4 (random), as CoCreateGuid makes them.
#include <cerrno>
#include <cstddef>
#include <cstdint>

#include <sys/random.h>

#include <ucom/ucom.h>

extern "C" UCOM_API HRESULT ucom_create_guid(GUID *out)
{
    if (out == nullptr) {
        return E_POINTER;
    }
    std::uint8_t bytes[16];
    std::size_t filled = 0;
    while (filled < sizeof bytes) {
        const ssize_t got = getrandom(bytes + filled, sizeof bytes - filled, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return E_FAIL;
        }
        filled += static_cast<std::size_t>(got);
    }
    out->Data1 = (std::uint32_t{bytes[0]} << 24U) | (std::uint32_t{bytes[1]} << 16U) | (std::uint32_t{bytes[2]} << 8U) |
                 bytes[3];
    out->Data2 = static_cast<std::uint16_t>((unsigned{bytes[4]} << 8U) | bytes[5]);
    // Version 4 in the top nibble of Data3; the RFC 4122 variant (10xx) in Data4[0].
    out->Data3 = static_cast<std::uint16_t>((((unsigned{bytes[6]} & 0x0FU) | 0x40U) << 8U) | bytes[7]);
    out->Data4[0] = static_cast<std::uint8_t>((bytes[8] & 0x3FU) | 0x80U);
    for (std::size_t i = 1; i < 8; ++i) {
        out->Data4[i] = bytes[8 + i];
    }
    return S_OK;
}
