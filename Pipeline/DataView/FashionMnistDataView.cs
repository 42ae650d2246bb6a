using AlexNetMl.Pipeline.Data;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.DataView;

/// <summary>
/// An <see cref="IDataView"/> over a <see cref="FashionMnistDataset"/>: <c>Label</c> (key of 10, annotated with the class
/// names) and <c>Pixels</c> (784 bytes), plus, for scores computed outside ML.NET, a probabilities column. Rows are
/// produced by a cursor as they are read; nothing per row is stored.
/// </summary>
public sealed class FashionMnistDataView : IDataView
{
    private readonly FashionMnistDataset _dataset;
    private readonly float[]? _scores;
    private readonly int _classes;

    /// <summary>Wraps <paramref name="dataset"/>.</summary>
    public FashionMnistDataView(FashionMnistDataset dataset)
        : this(dataset, null, null, 0)
    {
    }

    private FashionMnistDataView(FashionMnistDataset dataset, float[]? scores, string? scoresColumn, int classes)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;
        _scores = scores;
        _classes = classes;
        Schema = BuildSchema(scoresColumn, classes);
    }

    private static readonly Lazy<FashionMnistDataView> LazyEmpty = new(() => new FashionMnistDataView(new FashionMnistDataset([], [])));

    /// <summary>A view with no rows and the data's schema: what a scoring chain is fitted on.</summary>
    public static FashionMnistDataView Empty => LazyEmpty.Value;

    /// <summary>
    /// The dataset with each image's class probabilities, scored elsewhere (<paramref name="scores"/>: row-major,
    /// <paramref name="classes"/> per image), as the column <paramref name="scoresColumn"/>: what ML.NET's evaluator reads.
    /// </summary>
    public static FashionMnistDataView WithScores(FashionMnistDataset dataset, float[] scores, string scoresColumn, int classes)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != (long)dataset.Count * classes)
        {
            throw new ArgumentException($"{scores.Length} scores do not make {classes} per image for {dataset.Count} images.", nameof(scores));
        }

        return new FashionMnistDataView(dataset, scores, scoresColumn, classes);
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <summary>The label's key type: 10 classes.</summary>
    public static KeyDataViewType LabelType { get; } = new(typeof(uint), FashionMnistClasses.Count);

    /// <summary>The pixels' type: 784 bytes.</summary>
    public static VectorDataViewType PixelsType { get; } = new(NumberDataViewType.Byte, FashionMnistImage.Pixels);

    /// <inheritdoc />
    public long? GetRowCount() => _dataset.Count;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The class names as an ML.NET key-values annotation value.</summary>
    public static VBuffer<ReadOnlyMemory<char>> ClassNameBuffer() =>
        new(FashionMnistClasses.Count, FashionMnistClasses.Names.Select(n => n.AsMemory()).ToArray());

    private static DataViewSchema BuildSchema(string? scoresColumn, int classes)
    {
        var builder = new DataViewSchema.Builder();
        var annotations = new DataViewSchema.Annotations.Builder();
        // "KeyValues" is ML.NET's annotation kind for a key's value names (AnnotationUtils.Kinds.KeyValues, internal).
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> names = (ref VBuffer<ReadOnlyMemory<char>> value) => value = ClassNameBuffer();
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, FashionMnistClasses.Count), names);
        builder.AddColumn(FashionMnistColumns.Label, LabelType, annotations.ToAnnotations());
        builder.AddColumn(FashionMnistColumns.Pixels, PixelsType);
        if (scoresColumn is not null)
        {
            builder.AddColumn(scoresColumn, new VectorDataViewType(NumberDataViewType.Single, classes));
        }

        return builder.ToSchema();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private const int LabelColumn = 0;
        private const int PixelsColumn = 1;
        private const int ScoresColumn = 2;
        private readonly FashionMnistDataView _parent;
        private readonly HashSet<int> _active;
        private long _position = -1;

        public Cursor(FashionMnistDataView parent, HashSet<int> active)
        {
            _parent = parent;
            _active = active;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= _parent._dataset.Count)
            {
                _position = _parent._dataset.Count;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == LabelColumn && typeof(TValue) == typeof(uint))
            {
                ValueGetter<uint> label = (ref uint value) => value = ClassKeys.FromIndex(_parent._dataset.Label(CheckedRow()));
                return (ValueGetter<TValue>)(Delegate)label;
            }

            if (column.Index == PixelsColumn && typeof(TValue) == typeof(VBuffer<byte>))
            {
                ValueGetter<VBuffer<byte>> pixels = (ref VBuffer<byte> value) =>
                {
                    VBufferEditor<byte> editor = VBufferEditor.Create(ref value, FashionMnistImage.Pixels);
                    _parent._dataset.Image(CheckedRow()).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)pixels;
            }

            if (column.Index == ScoresColumn && _parent._scores is { } scores && typeof(TValue) == typeof(VBuffer<float>))
            {
                int classes = _parent._classes;
                ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                {
                    VBufferEditor<float> editor = VBufferEditor.Create(ref value, classes);
                    scores.AsSpan(CheckedRow() * classes, classes).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private int CheckedRow() => _position >= 0 && _position < _parent._dataset.Count
            ? (int)_position
            : throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");
    }
}
