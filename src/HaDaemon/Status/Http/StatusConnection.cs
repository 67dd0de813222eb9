using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Status.Http;

/// <summary>
/// One accepted connection: read one request head within the request timeout, answer it within the response
/// timeout, close. Everything is async on the socket (no thread is held while a client dawdles), every input is
/// bounded (the head buffer, the lingering drain), and no exception leaves <see cref="RunAsync"/>.
/// </summary>
internal sealed class StatusConnection(StatusHttpServer server, Socket socket, long id)
{
    /// <summary>Big enough for any 200 head (the content type is capped at 256 bytes) even when tests shrink the
    /// head limit; the buffer is reused for it once the request has been read.</summary>
    private const int MinBufferBytes = 512;

    /// <summary>What the lingering close reads and discards at most.</summary>
    private const int MaxDrainBytes = 64 * 1024;

    public long Id { get; } = id;

    public Task Completion { get; private set; } = Task.CompletedTask;

    private StatusServerLimits Limits => server.Limits;

    private ILogger Logger => server.Logger;

    public void Start(CancellationToken shutdown) => Completion = RunAsync(shutdown);

    /// <summary>Closes the socket under any pending receive/send (server shutdown): they end at once with an error.</summary>
    public void Abort() => socket.Dispose();

    private async Task RunAsync(CancellationToken shutdown)
    {
        // Leave the accept loop before touching the socket: a request that is already complete would otherwise be
        // parsed and rendered on the accept loop's turn.
        await Task.Yield();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Limits.MaxRequestHeaderBytes, MinBufferBytes));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        try
        {
            deadline.CancelAfter(Limits.RequestTimeout);
            var (read, headLength) = await ReadHeadAsync(buffer, deadline.Token);
            if (read == HeadRead.ClientClosed)
            {
                return;
            }

            deadline.CancelAfter(Limits.ResponseTimeout);
            var verdict = read switch
            {
                HeadRead.Complete => HttpRequestParser.Decide(buffer.AsSpan(0, headLength)),
                HeadRead.TooLarge => HttpRequestVerdict.Error(431, "request head over " + Limits.MaxRequestHeaderBytes + " bytes"),
                _ => HttpRequestVerdict.Error(400, "malformed request head"),
            };

            var answered = verdict.Status == 200
                ? await ServeAsync(verdict, buffer, deadline, shutdown)
                : await RejectAsync(verdict, deadline.Token);
            if (answered)
            {
                await LingerAsync(buffer, deadline);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Timeout, shutdown or a client that went away: closing is all there is to do.
            if (e is OperationCanceledException && !shutdown.IsCancellationRequested)
            {
                server.CountTimedOut();
            }
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Status connection failed unexpectedly");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            socket.Dispose();
            server.OnConnectionClosed(this);
        }
    }

    private enum HeadRead
    {
        Complete,
        ClientClosed,
        Malformed,
        TooLarge,
    }

    /// <summary>
    /// Receives until the blank line ending the head. Only new bytes are scanned (a client trickling one byte at a
    /// time costs O(n), not O(n²)); a forbidden byte, or a first line that cannot be a request line, ends it at once.
    /// </summary>
    private async ValueTask<(HeadRead Read, int HeadLength)> ReadHeadAsync(byte[] buffer, CancellationToken token)
    {
        var max = Limits.MaxRequestHeaderBytes;
        var filled = 0;
        var firstLineChecked = false;
        while (filled < max)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled, max - filled), SocketFlags.None, token);
            if (n == 0)
            {
                return (HeadRead.ClientClosed, 0);
            }

            var scanFrom = filled;
            filled += n;
            var received = buffer.AsSpan(0, filled);
            var end = HttpSyntax.FindHeadEnd(received, scanFrom);
            if (end != 0)
            {
                return end > 0 ? (HeadRead.Complete, end) : (HeadRead.Malformed, 0);
            }

            if (!firstLineChecked && received.IndexOf((byte)'\n') is var lf and >= 0)
            {
                firstLineChecked = true;
                if (!HttpRequestParser.TrySplitRequestLine(received[..lf].TrimEnd((byte)'\r'), out _, out _, out _))
                {
                    return (HeadRead.Malformed, 0);
                }
            }
        }

        return (HeadRead.TooLarge, 0);
    }

    private async ValueTask<bool> RejectAsync(HttpRequestVerdict verdict, CancellationToken token)
    {
        server.CountRejected();
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.LogDebug("Status request from {Peer} answered {Status}: {Problem}", Peer(), verdict.Status, verdict.Problem);
        }

        await SendAllAsync(HttpResponses.Error(verdict.Status).For(verdict.HeadOnly), token);
        return true;
    }

    private async ValueTask<bool> ServeAsync(HttpRequestVerdict verdict, byte[] buffer, CancellationTokenSource deadline, CancellationToken shutdown)
    {
        var (reply, failure) = await RenderAsync(verdict.Resource, deadline.Token, shutdown);
        if (reply is null)
        {
            if (failure is null)
            {
                return false; // the server is stopping
            }

            // The deadline may have fired (provider timeout): the small error response gets a fresh one.
            server.CountRejected();
            using var errorDeadline = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            errorDeadline.CancelAfter(Limits.ResponseTimeout);
            await SendAllAsync(failure.For(verdict.HeadOnly), errorDeadline.Token);
            return false; // no lingering: the original deadline may be spent, and the close is what matters now
        }

        var headLength = HttpResponses.WriteOkHead(buffer, reply.ContentType, reply.Body.Length);
        if (headLength < 0)
        {
            Logger.LogWarning("Status provider returned an unusable content type for {Resource}", verdict.Resource);
            server.CountRejected();
            await SendAllAsync(HttpResponses.Error(500).For(verdict.HeadOnly), deadline.Token);
            return true;
        }

        await SendAllAsync(buffer.AsMemory(0, headLength), deadline.Token);
        if (!verdict.HeadOnly)
        {
            await SendAllAsync(reply.Body, deadline.Token);
        }

        server.CountServed();
        return true;
    }

    /// <summary>Runs the provider under the deadline; a throw, a cancellation or a timeout becomes the error response
    /// to send (neither when the server is stopping). A provider still running after the timeout is left to finish,
    /// its fault observed.</summary>
    private async ValueTask<(StatusReply? Reply, CannedResponse? Failure)> RenderAsync(StatusResource resource, CancellationToken token, CancellationToken shutdown)
    {
        Task<StatusReply>? pending = null;
        try
        {
            var rendering = server.Provider(resource, token);
            if (rendering.IsCompletedSuccessfully)
            {
                return (rendering.Result, null);
            }

            pending = rendering.AsTask();
            return (await pending.WaitAsync(token), null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (pending is { IsCompleted: false })
            {
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            if (shutdown.IsCancellationRequested)
            {
                return (null, null);
            }

            Logger.LogWarning("Status provider did not render {Resource} within {Timeout} s", resource, Limits.ResponseTimeout.TotalSeconds);
            return (null, HttpResponses.TimedOut);
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Status provider failed to render {Resource}", resource);
            return (null, HttpResponses.Error(500));
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, token);
            bytes = bytes[sent..];
        }
    }

    /// <summary>
    /// Half-closes and reads what the client still sends (at most 64 KiB, at most CloseLinger) before the socket is
    /// closed: closing with unread input makes the kernel answer RST, which may destroy the response in flight. A
    /// client that read the response closes its side, so this normally ends at once with EOF.
    /// </summary>
    private async ValueTask LingerAsync(byte[] buffer, CancellationTokenSource deadline)
    {
        socket.Shutdown(SocketShutdown.Send);
        deadline.CancelAfter(Limits.CloseLinger);
        try
        {
            var drained = 0;
            while (drained < MaxDrainBytes)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (n == 0)
                {
                    return;
                }

                drained += n;
            }
        }
        catch (OperationCanceledException)
        {
            // The response is out; a client that keeps its side open is simply closed now. Not a timeout.
        }
    }

    private string Peer()
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() is { Length: > 0 } peer ? peer : "local client";
        }
        catch (SocketException)
        {
            return "a closed connection";
        }
    }
}
