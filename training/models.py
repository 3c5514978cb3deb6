"""The three demo-world networks. Module names are the layer names GAN Lens shows (torch exports them as ONNX scopes)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 4
# ImageNet statistics: the extractor and the test network expect (rgb/255 - MEAN) / STD.
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
WIDTHS = (16, 32, 64, 128)


class BasicBlock(nn.Module):
    """torchvision-style BasicBlock: stride-2 3x3 conv to downsample, 1x1 stride-2 conv + BN on the skip."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class BilinearBlock(nn.Module):
    """Digipath test-net block: bilinear 2x down-sampling, then stride-1 3x3 convs; the skip is the down-sampled input,
    zero-padded to the new width (no 1x1 convolution)."""

    def __init__(self, cin, cout, down=False):
        super().__init__()
        self.down = down
        self.pad = cout - cin
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x):
        if self.down:
            x = F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False)
        identity = F.pad(x, (0, 0, 0, 0, 0, self.pad)) if self.pad else x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Decoder(nn.Module):
    """Light FPN-style decoder: 1x1 laterals, nearest up-sampling with sums to 32², one fuse with the 64² stem, 1x1 head,
    bilinear to the input size."""

    def __init__(self, widths, stem_width, dim=32, out=NUM_CLASSES):
        super().__init__()
        self.lateral = nn.ModuleList([nn.Conv2d(w, dim, 1) for w in widths])
        self.smooth = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1, bias=False), nn.BatchNorm2d(dim), nn.ReLU(inplace=True))
        self.stem_lateral = nn.Conv2d(stem_width, 8, 1)
        self.fuse = nn.Sequential(nn.Conv2d(dim + 8, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True))
        self.head = nn.Conv2d(16, out, 1)

    def forward(self, stem, feats, size):
        d = self.lateral[3](feats[3])
        for i in (2, 1, 0):
            d = self.lateral[i](feats[i]) + F.interpolate(d, scale_factor=2.0, mode="nearest")
        d = self.smooth(d)
        d = F.interpolate(d, scale_factor=2.0, mode="nearest")
        d = self.fuse(torch.cat([d, self.stem_lateral(stem)], 1))
        return F.interpolate(self.head(d), size=size, mode="bilinear", align_corners=False)


class Extractor(nn.Module):
    """Segmentation net with a small ResNet encoder: stem stride 4 (conv s2 + max-pool s2), layer1..layer4 at
    32², 16², 8², 4² for a 128² input."""

    def __init__(self, widths=WIDTHS):
        super().__init__()
        self.conv1 = nn.Conv2d(3, widths[0], 5, 2, 2, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(widths[0], widths[0]), BasicBlock(widths[0], widths[0]))
        self.layer2 = nn.Sequential(BasicBlock(widths[0], widths[1], 2), BasicBlock(widths[1], widths[1]))
        self.layer3 = nn.Sequential(BasicBlock(widths[1], widths[2], 2), BasicBlock(widths[2], widths[2]))
        self.layer4 = nn.Sequential(BasicBlock(widths[2], widths[3], 2), BasicBlock(widths[3], widths[3]))
        self.decoder = Decoder(widths, widths[0])

    def forward(self, image):
        stem = self.relu(self.bn1(self.conv1(image)))
        x1 = self.layer1(self.maxpool(stem))
        x2 = self.layer2(x1)
        x3 = self.layer3(x2)
        x4 = self.layer4(x3)
        return self.decoder(stem, [x1, x2, x3, x4], image.shape[-2:])


class TestNetwork(nn.Module):
    """The differently built test network (as the paper's Digipath test net): stride-1 convs after bilinear
    down-sampling everywhere, no max-pool, no 1x1 stride-2 skips; same layer names and resolutions as the extractor."""

    def __init__(self, widths=WIDTHS):
        super().__init__()
        self.conv1 = nn.Conv2d(3, widths[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(widths[0], widths[0], 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(widths[0])
        self.layer1 = nn.Sequential(BilinearBlock(widths[0], widths[0], True), BilinearBlock(widths[0], widths[0]))
        self.layer2 = nn.Sequential(BilinearBlock(widths[0], widths[1], True), BilinearBlock(widths[1], widths[1]))
        self.layer3 = nn.Sequential(BilinearBlock(widths[1], widths[2], True), BilinearBlock(widths[2], widths[2]))
        self.layer4 = nn.Sequential(BilinearBlock(widths[2], widths[3], True), BilinearBlock(widths[3], widths[3]))
        self.decoder = Decoder(widths, widths[0])

    def forward(self, image):
        x = self.relu(self.bn1(self.conv1(image)))
        x = F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False)
        stem = self.relu(self.bn2(self.conv2(x)))
        x1 = self.layer1(stem)
        x2 = self.layer2(x1)
        x3 = self.layer3(x2)
        x4 = self.layer4(x3)
        return self.decoder(stem, [x1, x2, x3, x4], image.shape[-2:])

    def pooled_layer4(self, image):
        x = self.relu(self.bn1(self.conv1(image)))
        x = F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False)
        x = self.relu(self.bn2(self.conv2(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return x.mean(dim=(2, 3))


class SelfAttention(nn.Module):
    """SAGAN/BigGAN self-attention: keys and values max-pooled 2x2 as in BigGAN, so the softmax attention map is
    (N, HW, HW/4); each row (one query position) sums to 1. Learned gate gamma starts at 0."""

    def __init__(self, c, gamma=0.0):
        super().__init__()
        self.query = nn.Conv2d(c, max(c // 8, 1), 1, bias=False)
        self.key = nn.Conv2d(c, max(c // 8, 1), 1, bias=False)
        self.value = nn.Conv2d(c, c // 2, 1, bias=False)
        self.out = nn.Conv2d(c // 2, c, 1, bias=False)
        self.pool = nn.MaxPool2d(2)
        self.softmax = nn.Softmax(dim=-1)
        self.gamma = nn.Parameter(torch.full((1,), float(gamma)))

    def forward(self, x):
        n, c, h, w = x.shape
        q = self.query(x).flatten(2).transpose(1, 2)  # N, HW, C/8
        k = self.pool(self.key(x)).flatten(2)  # N, C/8, HW/4
        attn = self.softmax(torch.bmm(q, k))  # N, HW, HW/4
        v = self.pool(self.value(x)).flatten(2)  # N, C/2, HW/4
        o = torch.bmm(v, attn.transpose(1, 2)).view(n, c // 2, h, w)
        return x + self.gamma * self.out(o)


class SelectiveAttention(nn.Module):
    """Self-attention whose maps are selective: one shared 1x1 projection for queries and keys (a position attends to
    positions whose features look like its own), cosine similarity, and a learned temperature tau = exp(log_tau)
    (initialised to `tau`), so a row's softmax concentrates on the positions of the same structure instead of spreading
    over the whole map. Keys and values max-pooled 2x2 as in BigGAN: the map is (N, HW, HW/4), module `softmax`."""

    def __init__(self, c, gamma=1.0, tau=10.0, dim=16):
        super().__init__()
        self.query = nn.Conv2d(c, dim, 1, bias=False)
        self.value = nn.Conv2d(c, c // 2, 1, bias=False)
        self.out = nn.Conv2d(c // 2, c, 1, bias=False)
        self.pool = nn.MaxPool2d(2)
        self.softmax = nn.Softmax(dim=-1)
        self.log_tau = nn.Parameter(torch.full((1,), float(torch.tensor(tau).log())))
        self.gamma = nn.Parameter(torch.full((1,), float(gamma)))

    def forward(self, x):
        n, c, h, w = x.shape
        f = self.query(x)
        f = f / f.pow(2).sum(1, keepdim=True).add(1e-6).sqrt()
        q = f.flatten(2).transpose(1, 2)  # N, HW, d (unit rows)
        k = self.pool(f).flatten(2)  # N, d, HW/4 (max-pooled, so not exactly unit; close to it)
        attn = self.softmax(self.log_tau.exp() * torch.bmm(q, k))  # N, HW, HW/4
        v = self.pool(self.value(x)).flatten(2)
        o = torch.bmm(v, attn.transpose(1, 2)).view(n, c // 2, h, w)
        return x + self.gamma * self.out(o)


class NoiseInjection(nn.Module):
    """StyleGAN noise: x + scale[c] * noise, noise (N, 1, H, W) ~ N(0, 1) shared by the channels, learned per-channel scale."""

    def __init__(self, c, init=0.1):
        super().__init__()
        self.scale = nn.Parameter(torch.full((1, c, 1, 1), float(init)))

    def forward(self, x, noise):
        return x + self.scale * noise


class UpBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.bn1(self.conv1(self.up(x))))


class NoisyUpBlock(UpBlock):
    """UpBlock with StyleGAN noise between the BatchNorm and the ReLU: the block's output (`act`) already carries it."""

    def __init__(self, cin, cout):
        super().__init__(cin, cout)
        self.noise = NoiseInjection(cout)

    def forward(self, x, noise=None):
        x = self.bn1(self.conv1(self.up(x)))
        if noise is None:
            noise = torch.randn(x.shape[0], 1, x.shape[2], x.shape[3], device=x.device)
        return self.act(self.noise(x, noise))


G_WIDTHS = (128, 128, 64, 32, 16, 8)  # 4², 8², 16², 32², 64², 128²
Z_DIM = 128


class Generator(nn.Module):
    """Unconditional generator: fc (z -> 4x4xC) + fc_relu (the 4² hidden layer), blocks.0..4 up-sample to 8²..128², attn at 32² (after blocks.2),
    to_rgb + tanh: output in [-1, 1], shown as (x + 1) / 2."""

    def __init__(self, widths=G_WIDTHS, z_dim=Z_DIM, attn_gamma=0.0, noise=False, attn="sagan", attn_tau=10.0, attn_dim=16):
        super().__init__()
        self.c0 = widths[0]
        self.noise = noise
        self.fc = nn.Linear(z_dim, 4 * 4 * widths[0])
        self.fc_relu = nn.ReLU()
        block = NoisyUpBlock if noise else UpBlock
        self.blocks = nn.ModuleList([block(widths[i], widths[i + 1]) for i in range(5)])
        self.attn = (SelectiveAttention(widths[3], attn_gamma, attn_tau, attn_dim) if attn == "selective"
                     else SelfAttention(widths[3], attn_gamma))
        self.to_rgb = nn.Conv2d(widths[5], 3, 3, 1, 1)
        self.tanh = nn.Tanh()

    def forward(self, z, *noises):
        """With `noise`, blocks.i takes noises[i] (N, 1, 8·2^i, 8·2^i); missing ones are drawn fresh."""
        x = self.fc_relu(self.fc(z).view(-1, self.c0, 4, 4))
        for i, block in enumerate(self.blocks):
            x = block(x, noises[i] if i < len(noises) else None) if self.noise else block(x)
            if i == 2:
                x = self.attn(x)
        return self.tanh(self.to_rgb(x))


def noise_shapes(n=1):
    """Shapes of the generator's noise inputs, blocks.0..4: (n, 1, 8, 8) … (n, 1, 128, 128)."""
    return [(n, 1, 8 << i, 8 << i) for i in range(5)]


NOISE_INPUTS = [f"noise_{8 << i}" for i in range(5)]


class Discriminator(nn.Module):
    """Spectral-norm conv discriminator for hinge-loss training (not exported)."""

    def __init__(self, widths=(16, 32, 64, 128, 256)):
        super().__init__()
        sn = nn.utils.spectral_norm
        layers, cin = [], 3
        for w in widths:
            layers += [sn(nn.Conv2d(cin, w, 4, 2, 1)), nn.LeakyReLU(0.2, inplace=True)]
            cin = w
        self.features = nn.Sequential(*layers)
        self.head = sn(nn.Linear(cin * 4 * 4, 1))

    def forward(self, x):
        return self.head(self.features(x).flatten(1))
