"""Which image serves an engine spec, whether Docker has it, and getting it there: one clear reason per failure.

The image of a spec is the one in `specs.KNOWN_ENGINES` unless a mapping overrides it. The mapping's text form,
`mysql@9.7=local/mysql:9.7 postgresql@15=registry.example/pg:15`, is read by `parse_engine_images` from the
UPGRADE_HARNESS_ENGINE_IMAGES variable, the `--engine-image` option and the `engine_images` ini key alike.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.engines.server_api import EngineError, EngineSpec, EngineSpecError
from harness.engines.specs import KNOWN_ENGINES, known_engine, parse_spec

ENGINE_IMAGES_VARIABLE = "UPGRADE_HARNESS_ENGINE_IMAGES"
BUILD_HINT = (
    "load or build it (docs/engines.md, Docker), or map the spec to an image you have: "
    f"--engine-image SPEC=IMAGE or {ENGINE_IMAGES_VARIABLE}"
)

# A Docker image reference: [registry[:port]/]name[/name...][:tag][@digest], lower-case path components.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE = re.compile(
    rf"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})?"
    r"(?:@sha256:[a-f0-9]{64})?$"
)
_EXAMPLE = "e.g. 'mysql@9.7=local/mysql:9.7 postgresql@15=postgres:15'"


class EngineImagesError(EngineError, ValueError):
    """An image override cannot be understood (the CLI prints it and exits 2)."""


def parse_engine_images(text: str) -> dict[str, str]:
    """`SPEC=IMAGE` entries separated by spaces, commas or new lines -> {spec name: image}.

    SPEC is a known engine spec without a provider suffix (`postgres@15` is read as `postgresql@15`); the same spec
    given twice with different images is an error. Raises EngineImagesError (a ValueError) naming the bad entry.
    """
    images: dict[str, str] = {}
    for entry in text.replace(",", " ").split():
        spec_text, equals, image = entry.partition("=")
        if not equals or not spec_text or not image:
            raise EngineImagesError(f"engine image {entry!r} is not SPEC=IMAGE; {_EXAMPLE}")
        try:
            spec = parse_spec(spec_text)
        except EngineSpecError as err:
            raise EngineImagesError(f"engine image {entry!r}: {err}") from None
        if spec.url is not None or spec.provider is not None:
            raise EngineImagesError(
                f"engine image {entry!r}: name the engine as FAMILY@VERSION without a provider or URL; {_EXAMPLE}"
            )
        if not _IMAGE.match(image):
            raise EngineImagesError(
                f"engine image {entry!r}: {image!r} is not a Docker image reference "
                "([REGISTRY/]NAME[:TAG][@sha256:DIGEST], lower-case name)"
            )
        if images.get(spec.name, image) != image:
            raise EngineImagesError(
                f"engine image {entry!r}: {spec.name} is already mapped to {images[spec.name]!r}"
            )
        images[spec.name] = image
    return images


def engine_images_from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The overrides in UPGRADE_HARNESS_ENGINE_IMAGES (empty when unset)."""
    try:
        return parse_engine_images(environ.get(ENGINE_IMAGES_VARIABLE, ""))
    except EngineImagesError as err:
        raise EngineImagesError(f"{ENGINE_IMAGES_VARIABLE}: {err}") from None


def image_for(spec: EngineSpec, images: Mapping[str, str]) -> str:
    return images.get(spec.name) or known_engine(spec.family, spec.version).image


def images_by_spec(images: Mapping[str, str] | None = None) -> dict[str, str]:
    """The image of every known engine: `images` (None: UPGRADE_HARNESS_ENGINE_IMAGES) over the defaults."""
    overrides = engine_images_from_environment() if images is None else images
    return {engine.spec: overrides.get(engine.spec, engine.image) for engine in KNOWN_ENGINES}


class ImageUnavailable(Exception):
    """The image is not on the Docker host and cannot be pulled; the message says which of the two and what to do."""


def _daemon_said(error: Any) -> str:
    explanation = getattr(error, "explanation", None) or str(error)
    return " ".join(str(explanation).split())[:300]


def ensure_image(client: Any, image: str) -> None:
    """Make `image` present on the Docker host (`client` is a docker.DockerClient), pulling it when needed."""
    import docker.errors

    try:
        client.images.get(image)
        return
    except docker.errors.ImageNotFound:
        pass
    try:
        client.images.pull(image)
    except docker.errors.NotFound as err:
        raise ImageUnavailable(
            f"docker image {image} is not on this Docker host and its registry has no such image "
            f"({_daemon_said(err)}); {BUILD_HINT}"
        ) from None
    except docker.errors.APIError as err:
        raise ImageUnavailable(
            f"docker image {image} is not on this Docker host and pulling it failed ({_daemon_said(err)}); "
            f"{BUILD_HINT}"
        ) from None


@dataclass(frozen=True)
class ImageAvailability:
    """`local`: present on the Docker host; otherwise `problem` is None when the registry has it (pulled on use)."""

    image: str
    local: bool
    problem: str | None

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def detail(self) -> str:
        return self.image if self.local else f"{self.image} (pulled on first use)"


def image_availability(client: Any, images: Iterable[str]) -> dict[str, ImageAvailability]:
    """Present locally, pullable, or why neither — without pulling anything."""
    import docker.errors

    result: dict[str, ImageAvailability] = {}
    for image in dict.fromkeys(images):
        try:
            client.images.get(image)
            result[image] = ImageAvailability(image, True, None)
            continue
        except docker.errors.ImageNotFound:
            pass
        try:
            client.images.get_registry_data(image)
            result[image] = ImageAvailability(image, False, None)
        except docker.errors.APIError as err:
            result[image] = ImageAvailability(
                image, False,
                f"docker image {image} is not on this Docker host and cannot be pulled ({_daemon_said(err)}); "
                f"{BUILD_HINT}",
            )
    return result
