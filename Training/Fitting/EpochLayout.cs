namespace AlexNetMl.Training.Fitting;

/// <summary>
/// How many training images each epoch of a run takes. The epochs cut one stream of shuffles of the training set into
/// consecutive slices (<see cref="Data.EpochSampler"/>), so an epoch is a start position and a length in that stream.
/// A plan makes all epochs equal; a re-plan changes the current epoch's length and those after it, never the images
/// already trained on.
/// </summary>
public sealed class EpochLayout
{
    private readonly int[] _images;
    private readonly long[] _starts;

    /// <summary>Creates the layout of epochs of <paramref name="imagesPerEpoch"/> images each, in batches of <paramref name="batchSize"/> from <paramref name="datasetSize"/> images.</summary>
    public EpochLayout(IReadOnlyList<int> imagesPerEpoch, int batchSize, int datasetSize)
    {
        ArgumentNullException.ThrowIfNull(imagesPerEpoch);
        ArgumentOutOfRangeException.ThrowIfZero(imagesPerEpoch.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(datasetSize);
        _images = [.. imagesPerEpoch];
        _starts = new long[_images.Length];
        long start = 0;
        for (int i = 0; i < _images.Length; i++)
        {
            if (_images[i] <= 0 || _images[i] > datasetSize)
            {
                throw new ArgumentOutOfRangeException(nameof(imagesPerEpoch), $"Epoch {i + 1} has {_images[i]} images; each needs 1 to {datasetSize}.");
            }

            _starts[i] = start;
            start += _images[i];
        }

        BatchSize = batchSize;
        DatasetSize = datasetSize;
        TotalImages = start;
        TotalSteps = Enumerable.Range(1, _images.Length).Sum(epoch => (long)BatchesIn(epoch));
    }

    /// <summary><paramref name="epochs"/> epochs of <paramref name="imagesPerEpoch"/> images each: a run as planned.</summary>
    public static EpochLayout Uniform(int epochs, int imagesPerEpoch, int batchSize, int datasetSize) =>
        new(Enumerable.Repeat(imagesPerEpoch, epochs).ToArray(), batchSize, datasetSize);

    /// <summary>Images per SGD step.</summary>
    public int BatchSize { get; }

    /// <summary>Images in one pass over the training set.</summary>
    public int DatasetSize { get; }

    /// <summary>Number of epochs.</summary>
    public int Epochs => _images.Length;

    /// <summary>Images of every epoch, in order.</summary>
    public IReadOnlyList<int> ImagesPerEpoch => _images;

    /// <summary>Training images of the whole run.</summary>
    public long TotalImages { get; }

    /// <summary>Training steps of the whole run: the span of the learning-rate schedule.</summary>
    public long TotalSteps { get; }

    /// <summary>Images of epoch <paramref name="epoch"/> (1-based).</summary>
    public int ImagesIn(int epoch) => _images[epoch - 1];

    /// <summary>Position of epoch <paramref name="epoch"/>'s first image in the run's stream of shuffles.</summary>
    public long StartOf(int epoch) => _starts[epoch - 1];

    /// <summary>Steps of epoch <paramref name="epoch"/> (its last batch may be smaller).</summary>
    public int BatchesIn(int epoch) => (ImagesIn(epoch) + BatchSize - 1) / BatchSize;

    /// <summary>Steps of all epochs before <paramref name="epoch"/>.</summary>
    public long StepsBefore(int epoch)
    {
        long steps = 0;
        for (int e = 1; e < epoch; e++)
        {
            steps += BatchesIn(e);
        }

        return steps;
    }

    /// <summary>
    /// This layout re-fitted to about <paramref name="totalImages"/> images, at epoch <paramref name="epoch"/> with
    /// <paramref name="batchesDone"/> of its batches trained: earlier epochs and the trained batches stay; the rest is
    /// shared evenly over the epochs left (at least as many as there are now), in whole batches, each epoch at most one pass.
    /// </summary>
    public EpochLayout Refit(int epoch, int batchesDone, long totalImages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, Epochs);
        int doneInEpoch = Math.Min(batchesDone * BatchSize, ImagesIn(epoch));
        int leastCurrent = Math.Min(doneInEpoch + BatchSize, DatasetSize);
        long left = Math.Max(leastCurrent, totalImages - StartOf(epoch));
        int epochsLeft = Math.Max(Epochs - epoch + 1, (int)Math.Ceiling(left / (double)DatasetSize));
        var images = new List<int>(_images[..(epoch - 1)]);
        int current = Math.Clamp(WholeBatches(left / epochsLeft), leastCurrent, DatasetSize);
        images.Add(current);
        long rest = left - current;
        for (int later = epochsLeft - 1; later > 0; later--)
        {
            int share = Math.Clamp(WholeBatches(rest / later), BatchSize, DatasetSize);
            images.Add(share);
            rest -= share;
        }

        return new EpochLayout(images, BatchSize, DatasetSize);
    }

    // Whole batches, except that an epoch of the whole dataset keeps its last, smaller batch (as the planner does).
    private int WholeBatches(long images) =>
        images >= DatasetSize ? DatasetSize : (int)(images / BatchSize * BatchSize);
}
