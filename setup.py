"""Installer for the bti.portal package."""

from pathlib import Path
from setuptools import find_namespace_packages
from setuptools import setup


long_description = (Path(__file__).parent / "README.md").read_text()

setup(
    name="bti.portal",
    version="1.0.0.dev0",
    description="BTI portal: action guide and Stafettlogg for Norwegian municipalities",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Framework :: Plone :: Distribution",
        "Programming Language :: Python :: 3.11",
    ],
    keywords="Plone BTI Stafettlogg handlingsveileder",
    license="GPL-2.0-only",
    license_files=["LICENSE"],
    packages=find_namespace_packages("src", include=["bti.*"]),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone",
        "plone.api",
        "plone.app.caching",
        "plone.app.dexterity",
        "plone.app.iterate",
        "plone.app.registry",
        "plone.app.theming",
        "plone.app.versioningbehavior",
        "plone.classicui",
        "plone.distribution",
        "plone.exportimport",
        "plone.restapi",
        "plonetheme.barceloneta",
        "collective.easyform",
        "pas.plugins.oidc",
        "icalendar",
        # Norwegian stemmer of the staff search (bti.portal.search).
        "snowballstemmer",
        # Used directly by bti.portal.oidc (ID token checks, token requests, keys).
        "PyJWT",
        "requests",
        "cryptography",
        # The archive copy of a log as PDF/A (bti.portal.archive).
        "weasyprint",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.testing",
            "zope.testrunner",
            "aiosmtpd",
            # tests/test_architecture.py: the layers' import contracts.
            "import-linter",
            "playwright",
            # tests/test_audit_store_contract.py, tests/test_cluster.py.
            "RelStorage",
            "psycopg2-binary",
        ],
        # Developer tools: lint and format (make lint, make format), changelog.
        "dev": [
            "ruff",
            "towncrier",
            "zpretty",
        ],
        # Scale-out (make start-cluster): RelStorage on PostgreSQL, the audit in
        # a PostgreSQL table (bti.portal.audit.pgstore).
        "cluster": [
            "RelStorage",
            "psycopg2-binary",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
