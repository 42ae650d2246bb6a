using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.Protocol;
using AlexNetMl.Inference.Serving.Scoring;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving.Scoring;

/// <summary>
/// The dynamic batcher against a scorer whose answer per image is known (the sum of its values): merged answers equal
/// sequential ones, abandoned and timed-out requests are never scored, and a full queue refuses at once.
/// </summary>
[TestClass]
public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static float[] Image(int value) => [value, value, value, value];

    private static (DynamicBatcher Batcher, InferenceMetrics Metrics) Create(GatedScorer scorer, BatchingOptions options)
    {
        var metrics = new InferenceMetrics(Prometheus.Metrics.NewCustomRegistry(), "m", "1");
        return (new DynamicBatcher(scorer, options, metrics), metrics);
    }

    [TestMethod]
    public async Task SixteenConcurrentRequests_GetTheSequentialAnswers_InFewerRuns()
    {
        using var scorer = new GatedScorer();
        (DynamicBatcher batcher, InferenceMetrics metrics) = Create(scorer, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelayMicroseconds = 20_000 });
        await using (batcher)
        {
            float[] sequential = new float[16];
            for (int i = 0; i < 16; i++)
            {
                sequential[i] = (await batcher.ScoreAsync(Image(i), 1, CancellationToken.None)).Probabilities[0];
            }

            int runsBefore = scorer.Batches.Count;
            ScoredImages[] concurrent = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => batcher.ScoreAsync(Image(i), 1, CancellationToken.None))));

            CollectionAssert.AreEqual(Enumerable.Range(0, 16).Select(i => 4f * i).ToArray(), sequential, "the known answer: 4 values of i");
            CollectionAssert.AreEqual(sequential, concurrent.Select(s => s.Probabilities.Single()).ToArray());
            int runs = scorer.Batches.Count - runsBefore;
            Assert.IsLessThan(16, runs, "some requests shared a run");
            Assert.IsTrue(scorer.Batches.All(b => b.Length <= 8 * 4), "no run above MaxBatchSize");
            Assert.IsLessThan(metrics.Inferences.WithLabels("m", "1").Value, metrics.Executions.WithLabels("m", "1").Value);
        }
    }

    [TestMethod]
    public async Task ARequestWithMoreImagesThanTheMaxBatch_RunsAlone_AndMultiImageRequestsKeepTheirRows()
    {
        using var scorer = new GatedScorer();
        (DynamicBatcher batcher, _) = Create(scorer, new BatchingOptions { MaxBatchSize = 2 });
        await using (batcher)
        {
            ScoredImages three = await batcher.ScoreAsync([.. Image(1), .. Image(2), .. Image(3)], 3, CancellationToken.None);
            CollectionAssert.AreEqual(new[] { 4f, 8f, 12f }, three.Probabilities);
        }
    }

    [TestMethod]
    public async Task AnAbandonedRequest_IsNotScored()
    {
        using var scorer = new GatedScorer();
        (DynamicBatcher batcher, _) = Create(scorer, new BatchingOptions { MaxBatchSize = 1 });
        await using (batcher)
        {
            scorer.Hold();
            Task<ScoredImages> first = batcher.ScoreAsync(Image(1), 1, CancellationToken.None);
            Assert.IsTrue(await scorer.RunStartedAsync(Wait));
            using var gone = new CancellationTokenSource();
            Task<ScoredImages> abandoned = batcher.ScoreAsync(Image(7), 1, gone.Token);
            await gone.CancelAsync();
            await Assert.ThrowsAsync<TaskCanceledException>(() => abandoned);
            scorer.Release();
            await first;
            Assert.AreEqual(12f, (await batcher.ScoreAsync(Image(3), 1, CancellationToken.None)).Probabilities[0]);

            Assert.IsFalse(scorer.Batches.Any(b => b.Contains(7f)), "the abandoned image never reached the model");
        }
    }

    [TestMethod]
    public async Task AFullQueue_RefusesAtOnce_AsResourceExhausted()
    {
        using var scorer = new GatedScorer();
        (DynamicBatcher batcher, _) = Create(scorer, new BatchingOptions { MaxBatchSize = 1, QueueCapacity = 1 });
        await using (batcher)
        {
            scorer.Hold();
            Task<ScoredImages> running = batcher.ScoreAsync(Image(1), 1, CancellationToken.None);
            Assert.IsTrue(await scorer.RunStartedAsync(Wait));
            Task<ScoredImages> queued = batcher.ScoreAsync(Image(2), 1, CancellationToken.None);

            var refused = await Assert.ThrowsAsync<InferenceException>(() => batcher.ScoreAsync(Image(3), 1, CancellationToken.None));
            Assert.AreEqual(InferenceErrorKind.ResourceExhausted, refused.Kind);
            Assert.Contains("queue is full", refused.Message);
            scorer.Release();
            Assert.AreEqual(8f, (await queued).Probabilities[0], "the queued request is still answered");
            await running;
        }
    }

    [TestMethod]
    public async Task ARequestWaitingPastItsTimeout_IsAnsweredWithATimeout_AndNotScored()
    {
        using var scorer = new GatedScorer();
        (DynamicBatcher batcher, _) = Create(scorer, new BatchingOptions { MaxBatchSize = 1, QueueTimeoutMilliseconds = 200 });
        await using (batcher)
        {
            scorer.Hold();
            Task<ScoredImages> running = batcher.ScoreAsync(Image(1), 1, CancellationToken.None);
            Assert.IsTrue(await scorer.RunStartedAsync(Wait));
            var late = await Assert.ThrowsAsync<InferenceException>(() => batcher.ScoreAsync(Image(5), 1, CancellationToken.None));
            Assert.AreEqual(InferenceErrorKind.DeadlineExceeded, late.Kind);
            Assert.Contains("waited 200 ms in the queue", late.Message);
            scorer.Release();
            await running;
            await batcher.ScoreAsync(Image(2), 1, CancellationToken.None);
            Assert.IsFalse(scorer.Batches.Any(b => b.Contains(5f)), "the timed-out image never reached the model");
        }
    }

    [TestMethod]
    public async Task AModelFailure_IsAnInternalErrorForThatBatch_AndTheNextRequestIsScored()
    {
        using var scorer = new GatedScorer { FailNextRun = new InvalidOperationException("ORT exploded") };
        (DynamicBatcher batcher, _) = Create(scorer, new BatchingOptions());
        await using (batcher)
        {
            var failed = await Assert.ThrowsAsync<InferenceException>(() => batcher.ScoreAsync(Image(1), 1, CancellationToken.None));
            Assert.AreEqual(InferenceErrorKind.Internal, failed.Kind);
            Assert.Contains("ORT exploded", failed.Message);
            Assert.AreEqual(8f, (await batcher.ScoreAsync(Image(2), 1, CancellationToken.None)).Probabilities[0]);
        }
    }
}
