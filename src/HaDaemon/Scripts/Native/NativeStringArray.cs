using System.Runtime.InteropServices;
using System.Text;

namespace HaDaemon.Scripts.Native;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings in native memory (argv/envp for posix_spawn).</summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private readonly byte** _array;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> items)
    {
        _count = items.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            _array[i] = Utf8(items[i]);
        }
    }

    public byte** Pointer => _array;

    public static byte* Utf8(string s)
    {
        var bytes = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, bytes));
        p[bytes] = 0;
        return p;
    }

    public void Dispose()
    {
        for (var i = 0; i < _count; i++)
        {
            NativeMemory.Free(_array[i]);
        }

        NativeMemory.Free(_array);
    }
}
