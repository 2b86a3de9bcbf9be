//! `BpjsCodecException extends RuntimeException`, with `getKind()`.
//!
//! The class is registered by hand instead of with `#[php_class]`: a
//! Rust-backed object replaces the engine's exception constructor, and the
//! exception would then lose its file, line and trace. This one is an ordinary
//! PHP exception with one extra protected property, `kind`.

use std::ffi::c_char;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::{ClassBuilder, ClassProperty, FunctionBuilder};
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::{zend_class_entry, zend_object, zend_throw_exception};
use ext_php_rs::flags::{DataType, MethodFlags, PropertyFlags};
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{run_handler, ClassEntry, ExecuteData, ExecutorGlobals};

pub const CLASS_NAME: &str = "BpjsCodecException";
const KIND_PROPERTY: &str = "kind";

static CLASS: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());

extern "C" {
    // Exported by the PHP binary (SPL's PHPAPI global and a ZEND_API function);
    // not in ext-php-rs's binding list.
    static spl_ce_RuntimeException: *mut zend_class_entry;
    fn zend_update_property_stringl(
        scope: *mut zend_class_entry,
        object: *mut zend_object,
        name: *const c_char,
        name_length: usize,
        value: *const c_char,
        value_len: usize,
    );
}

fn runtime_exception() -> &'static ClassEntry {
    // The class table lookup of `ClassEntry::try_find` is not available during
    // module startup, so the entry is read from SPL's exported global (SPL is
    // always compiled into PHP 8). The fallback only keeps this panic-free.
    // SAFETY: a plain read of a pointer SPL set during its own startup, which
    // precedes every shared extension's.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ext_php_rs::zend::ce::exception)
}

/// `getKind(): string` — the stable lower-case kind (`"padding"`, `"config"`, ...).
///
/// A handler written by hand: `run_handler` keeps any panic from crossing into PHP.
extern "C" fn get_kind(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        let kind = ex.get_self().and_then(|this| this.get_property::<String>(KIND_PROPERTY).ok()).unwrap_or_default();
        if retval.set_string(&kind, false).is_err() {
            retval.set_null();
        }
    }));
}

/// The argument info of the class's methods: the engine keeps pointers into it
/// for the life of the process, so it is parked here (reachable, not leaked).
static ARG_INFO: AtomicPtr<ArgInfoTables> = AtomicPtr::new(std::ptr::null_mut());

fn remember(class: &'static mut ClassEntry, arg_info: ArgInfoTables) {
    ARG_INFO.store(Box::into_raw(Box::new(arg_info)), Ordering::Release);
    CLASS.store(class, Ordering::Release);
}

/// Registers the class; called once from the module startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CLASS_NAME)
        .extends((runtime_exception, "RuntimeException"))
        .property(ClassProperty {
            name: KIND_PROPERTY.into(),
            flags: PropertyFlags::Protected,
            default: Some(Box::new(|| {
                let mut empty = Zval::new();
                empty.set_string("", false)?;
                Ok(empty)
            })),
            docs: &[],
            ty: Some(DataType::String),
            nullable: false,
            readonly: false,
            default_stub: Some("''".into()),
        })
        .method(
            FunctionBuilder::new("getKind", get_kind).returns(DataType::String, false, false),
            MethodFlags::Public | MethodFlags::Final,
        )
        .registration(remember)
        .register()
}

/// Sets `zend.exception_ignore_args` for the engine, returning what it was.
fn set_ignore_args(ignore: bool) -> bool {
    let mut globals = ExecutorGlobals::get_mut();
    std::mem::replace(&mut globals.exception_ignore_args, ignore)
}

/// Throws `BpjsCodecException` with the core error's message and kind.
///
/// Core messages never contain a secret, so they are passed through as they are.
/// The trace is built without the calls' arguments whatever
/// `zend.exception_ignore_args` says (php.ini-development turns them on): they
/// are the secret, the reply and the payload, and `getTraceAsString()`,
/// `var_export($e)` and framework error logs would print them.
pub fn throw_kind(kind: &str, message: &str) -> PhpException {
    let class = CLASS.load(Ordering::Acquire);
    if class.is_null() || ExecutorGlobals::has_exception() {
        return PhpException::from_message(message.to_owned());
    }
    let text = format!("{message}\0");
    let ignored_args = set_ignore_args(true);
    // SAFETY: `class` is the entry registered at startup (it lives as long as the
    // process); `text` is NUL-terminated and outlives the call, which copies it.
    let object = unsafe { zend_throw_exception(class, text.as_ptr().cast(), 0) };
    set_ignore_args(ignored_args);
    if !object.is_null() {
        // SAFETY: `object` is the exception just created; the engine copies the value.
        unsafe {
            zend_update_property_stringl(
                class,
                object,
                KIND_PROPERTY.as_ptr().cast(),
                KIND_PROPERTY.len(),
                kind.as_ptr().cast(),
                kind.len(),
            );
        }
    }
    // Returned to the generated wrapper, whose `throw()` is a no-op now that an
    // exception is pending.
    PhpException::from_message(String::new())
}

pub fn from_core(error: bpjs_codec::Error) -> PhpException {
    // Display is "kind: message", so a log line holding only getMessage() still says what failed.
    throw_kind(error.kind().as_str(), &error.to_string())
}

/// A `config` error raised by the binding itself (argument shape).
pub fn config(message: impl AsRef<str>) -> PhpException {
    let kind = bpjs_codec::ErrorKind::Config.as_str();
    throw_kind(kind, &format!("{kind}: {}", message.as_ref()))
}
