using System.Text;

namespace HaDaemon.Scripts;

/// <summary>Keeps the last <c>capacity</c> bytes written to it, so a chatty script cannot grow our memory.</summary>
internal sealed class ByteTail(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private int _next;      // where the next byte goes
    private bool _wrapped;  // the ring has been filled at least once

    public long TotalBytes { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (capacity == 0)
        {
            return;
        }

        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(_ring);
            _next = 0;
            _wrapped = true;
            return;
        }

        var first = Math.Min(data.Length, capacity - _next);
        data[..first].CopyTo(_ring.AsSpan(_next));
        data[first..].CopyTo(_ring);
        if (_next + data.Length >= capacity)
        {
            _wrapped = true;
        }

        _next = (_next + data.Length) % capacity;
    }

    public override string ToString()
    {
        if (!_wrapped)
        {
            return Encoding.UTF8.GetString(_ring, 0, _next);
        }

        var ordered = new byte[capacity];
        _ring.AsSpan(_next).CopyTo(ordered);
        _ring.AsSpan(0, _next).CopyTo(ordered.AsSpan(capacity - _next));
        return Encoding.UTF8.GetString(ordered);
    }
}
