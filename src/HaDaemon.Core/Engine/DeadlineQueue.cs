using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// The router's timer heap: every instance's <see cref="VrrpInstance.NextDeadline"/>, ordered by (deadline,
/// configuration index) so that timers due together run in the same order as a stable sort of the instance list.
/// Instances report changes (<see cref="MarkChanged"/>) from their timer setters; the heap is brought up to date
/// lazily before each read, and outdated entries are dropped when they reach the top (lazy invalidation), so a
/// read costs O(1) amortised and each change O(log n) instead of a scan of every instance.
/// </summary>
internal sealed class DeadlineQueue
{
    private readonly PriorityQueue<VrrpInstance, (Instant Deadline, int Index)> _heap = new();
    private readonly List<VrrpInstance> _changed = [];
    private IReadOnlyList<VrrpInstance> _instances = [];

    /// <summary>Tracks exactly these instances (after construction or a reload); their list index breaks ties.</summary>
    public void Reset(IReadOnlyList<VrrpInstance> instances)
    {
        _instances = instances;
        _heap.Clear();
        _changed.Clear();
        for (var index = 0; index < instances.Count; index++)
        {
            var i = instances[index];
            i.QueueIndex = index;
            i.QueuedDeadline = Instant.Never;
            i.DeadlineChangePending = false;
            MarkChanged(i);
        }
    }

    /// <summary>Called whenever one of the instance's timers is set; O(1), the heap is updated on the next read.</summary>
    public void MarkChanged(VrrpInstance instance)
    {
        if (instance.DeadlineChangePending) return;
        instance.DeadlineChangePending = true;
        _changed.Add(instance);
    }

    /// <summary>The earliest deadline of all tracked instances, <see cref="Instant.Never"/> when none is armed.</summary>
    public Instant Peek()
    {
        ApplyChanges();
        return TryPeekCurrent(out _, out var deadline) ? deadline : Instant.Never;
    }

    /// <summary>
    /// Removes every instance due at or before <paramref name="now"/> and appends it to <paramref name="due"/> in
    /// (deadline, index) order. Taken instances are re-queued on the next read, with whatever deadline they then have.
    /// </summary>
    public void TakeDue(Instant now, List<VrrpInstance> due)
    {
        // Changes are applied once, before taking: a taken instance that is still due must not be taken twice.
        ApplyChanges();
        while (TryPeekCurrent(out var instance, out var deadline) && deadline <= now)
        {
            _heap.Dequeue();
            instance.QueuedDeadline = Instant.Never;
            MarkChanged(instance);
            due.Add(instance);
        }
    }

    private bool TryPeekCurrent(out VrrpInstance instance, out Instant deadline)
    {
        while (_heap.TryPeek(out instance!, out var key))
        {
            // An entry is current only if the instance still has that deadline queued (a later change or a take
            // made it stale); an instance never has two current entries with different deadlines.
            if (instance.QueuedDeadline == key.Deadline && instance.QueueIndex == key.Index)
            {
                deadline = key.Deadline;
                return true;
            }
            _heap.Dequeue();
        }
        deadline = Instant.Never;
        return false;
    }

    private void ApplyChanges()
    {
        if (_changed.Count == 0) return;
        foreach (var i in _changed)
        {
            i.DeadlineChangePending = false;
            if (i.NextDeadline != i.QueuedDeadline) Enqueue(i);
        }
        _changed.Clear();
        // Stale entries normally surface and are dropped quickly (a re-armed timer moves later); this bounds the heap
        // if some never do.
        if (_heap.Count > 4 * _instances.Count + 64)
        {
            _heap.Clear();
            foreach (var i in _instances) Enqueue(i);
        }
    }

    private void Enqueue(VrrpInstance i)
    {
        var deadline = i.NextDeadline;
        i.QueuedDeadline = deadline;
        if (deadline != Instant.Never) _heap.Enqueue(i, (deadline, i.QueueIndex));
    }
}
