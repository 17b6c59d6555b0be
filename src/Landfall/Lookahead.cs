namespace Landfall;

/// <summary>Work started a few items ahead of the one being consumed, handed out in order: streaming readers keep the lake busy.</summary>
internal static class Lookahead
{
    /// <summary>
    /// Each item with its started work, in order; while the caller consumes one, the work of up to <paramref name="window"/> following
    /// items is in flight. Work is started only as the caller moves on, so stopping early starts no more.
    /// </summary>
    public static IEnumerable<(T Item, TTask Work)> InOrder<T, TTask>(IReadOnlyList<T> items, int window, Func<T, TTask> start)
        where TTask : Task
    {
        var started = new Queue<(T, TTask)>();
        var next = 0;
        while (true)
        {
            while (started.Count <= window && next < items.Count)
            {
                var item = items[next++];
                started.Enqueue((item, start(item)));
            }
            if (started.Count == 0)
            {
                yield break;
            }
            yield return started.Dequeue();
        }
    }
}
