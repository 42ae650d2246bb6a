namespace AlexNetMl.Training.Data;

/// <summary>
/// Which training images each epoch sees. Epochs take consecutive slices of one stream: one shuffle of the training
/// set after another, so a run shorter than a pass sees only distinct images, and a longer one sees every image once per
/// pass. Every shuffle is drawn from (seed, pass) alone, so any slice can be rebuilt in any process, and an epoch whose
/// length a re-plan changes keeps the images it has already trained on (its slice starts where it started).
/// </summary>
public sealed class EpochSampler
{
    private readonly int _datasetSize;
    private readonly int _seed;
    private int _cachedPass = -1;
    private int[] _cachedOrder = [];

    /// <summary>Creates the sampler of a run over <paramref name="datasetSize"/> images.</summary>
    public EpochSampler(int datasetSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(datasetSize);
        _datasetSize = datasetSize;
        _seed = seed;
    }

    /// <summary>The dataset indices of the <paramref name="count"/> images from position <paramref name="start"/> of the stream, in training order.</summary>
    public int[] Slice(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _datasetSize);
        int[] indices = new int[count];
        for (int i = 0; i < indices.Length; i++)
        {
            long position = start + i;
            indices[i] = Order((int)(position / _datasetSize))[(int)(position % _datasetSize)];
        }

        return indices;
    }

    /// <summary>
    /// The seed of a pass's shuffle. Plain arithmetic, the same in every process: HashCode.Combine, used here once, is
    /// randomised per process, so a run resumed in a new process shuffled differently from the one it continued.
    /// </summary>
    public static int PassSeed(int seed, int pass) => unchecked((seed * 1_000_003) + pass + 1);

    private int[] Order(int pass)
    {
        if (pass != _cachedPass)
        {
            _cachedOrder = Enumerable.Range(0, _datasetSize).ToArray();
            new Random(PassSeed(_seed, pass)).Shuffle(_cachedOrder);
            _cachedPass = pass;
        }

        return _cachedOrder;
    }
}
