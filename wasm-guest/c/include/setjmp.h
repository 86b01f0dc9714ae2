/* wasi-libc (bookworm) ships no <setjmp.h>. QuickJS's dtoa.c includes it but never calls
   setjmp/longjmp, so an empty header is enough. */
#ifndef RADICCHIO_SETJMP_STUB_H
#define RADICCHIO_SETJMP_STUB_H
#endif
