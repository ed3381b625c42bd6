//! The module descriptor's records (ucom/module_descriptor.h, docs/abi.md) for the blobs that
//! `ucom-idl --emit rust-descriptor` writes into a Rust plugin, in the section that `ucom
//! register` and the loader read without running the plugin.
use crate::abi::Guid;

pub const SECTION: &str = "ucom_descriptor";
pub const MAGIC: u32 = 0x4D4F_4355;
pub const ABI_MAJOR: u16 = 1;
pub const ABI_MINOR: u16 = 2;
/// The version of the canonical text the contract fingerprints hash (docs/idl.md).
pub const LAYOUT_VERSION: u32 = 2;

pub const THREADING_UNSPECIFIED: u32 = 0;
pub const THREADING_APARTMENT: u32 = 1;
pub const THREADING_FREE: u32 = 2;
pub const THREADING_BOTH: u32 = 3;
pub const THREADING_NEUTRAL: u32 = 4;
pub const THREADING_SINGLE: u32 = 5;

pub const INTERFACE_DEFAULT: u32 = 1;
pub const INTERFACE_SOURCE: u32 = 2;
pub const INTERFACE_DISPATCH: u32 = 4;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Header {
    pub size: u32,
    pub magic: u32,
    pub abi_major: u16,
    pub abi_minor: u16,
    pub header_size: u32,
    pub class_size: u32,
    pub interface_size: u32,
    pub class_count: u32,
    pub classes_offset: u32,
    pub strings_offset: u32,
    pub strings_size: u32,
    pub uses_count: u32,
    pub uses_offset: u32,
    pub layout_version: u32,
    pub reserved: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Class {
    pub clsid: Guid,
    pub name: u32,
    pub progid: u32,
    pub vi_progid: u32,
    pub description: u32,
    pub threading: u32,
    pub interface_count: u32,
    pub interfaces_offset: u32,
    pub reserved: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Interface {
    pub iid: Guid,
    pub fingerprint: u64,
    pub name: u32,
    pub flags: u32,
    pub contract: u64,
}

// The sizes the C header gives (ucom/module_descriptor.h): a blob's records are these.
pub const HEADER_SIZE: usize = 56;
pub const CLASS_SIZE: usize = 48;
pub const INTERFACE_SIZE: usize = 40;
const _: () = assert!(std::mem::size_of::<Header>() == HEADER_SIZE);
const _: () = assert!(std::mem::size_of::<Class>() == CLASS_SIZE);
const _: () = assert!(std::mem::size_of::<Interface>() == INTERFACE_SIZE);
const _: () = assert!(std::mem::align_of::<Interface>() == 8);
